using Coroutines.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>Rules about the template as a whole that the compiler does not check for a coroutine.</summary>
internal static class TemplateRules
{
    public static void Check(TemplateContext context, MethodDeclarationSyntax syntax, ITypeSymbol? resultType)
    {
        BlockSyntax body = syntax.Body!;
        IEnumerable<SyntaxNode> ownNodes = body.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax));
        foreach (SyntaxNode node in ownNodes)
        {
            switch (node)
            {
                case YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldReturnStatement } yieldReturn when IsReturn(context, yieldReturn):
                    CheckNothingFollows(context, yieldReturn);
                    break;
                case YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldBreakStatement } yieldBreak when resultType is not null:
                    context.Report(DiagnosticDescriptors.MissingReturn, yieldBreak, syntax.Identifier.ValueText, resultType.ToDisplayString());
                    break;
                case LabeledStatementSyntax labeled when labeled.Identifier.ValueText.StartsWith("__", StringComparison.Ordinal):
                    context.Report(DiagnosticDescriptors.ReservedName, labeled.Identifier, labeled.Identifier.ValueText);
                    break;
                case LocalFunctionStatementSyntax localFunction when localFunction.Identifier.ValueText.StartsWith("__", StringComparison.Ordinal):
                    context.Report(DiagnosticDescriptors.ReservedName, localFunction.Identifier, localFunction.Identifier.ValueText);
                    break;
                case UnsafeStatementSyntax or FixedStatementSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax or StackAllocArrayCreationExpressionSyntax:
                    context.Report(DiagnosticDescriptors.UnsafeCode, node);
                    break;
            }
        }

        if (resultType is not null && !Terminates(context, body))
        {
            context.Report(DiagnosticDescriptors.MissingReturn, body.CloseBraceToken, syntax.Identifier.ValueText, resultType.ToDisplayString());
        }
    }

    /// <summary>
    /// Whether control cannot leave the end of <paramref name="statement"/>: the compiler's reachability, where a
    /// <c>yield return Return(v);</c> also ends the flow (the coroutine completes there).
    /// </summary>
    private static bool Terminates(TemplateContext context, StatementSyntax statement) => statement switch
    {
        YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldReturnStatement } yieldReturn => IsReturn(context, yieldReturn),
        YieldStatementSyntax or ThrowStatementSyntax => true,
        BlockSyntax block => block.Statements.Any(s => Terminates(context, s)) || !CompilerReachesEnd(context, block),
        IfStatementSyntax { Else: { } elseClause } ifStatement => Terminates(context, ifStatement.Statement) && Terminates(context, elseClause.Statement),
        DoStatementSyntax doStatement => Terminates(context, doStatement.Statement) || !CompilerReachesEnd(context, doStatement),
        TryStatementSyntax tryStatement => (Terminates(context, tryStatement.Block) && tryStatement.Catches.All(c => Terminates(context, c.Block)))
            || (tryStatement.Finally is { } f && Terminates(context, f.Block)) || !CompilerReachesEnd(context, tryStatement),
        UsingStatementSyntax usingStatement => Terminates(context, usingStatement.Statement),
        LockStatementSyntax lockStatement => Terminates(context, lockStatement.Statement),
        CheckedStatementSyntax checkedStatement => Terminates(context, checkedStatement.Block),
        LabeledStatementSyntax labeled => Terminates(context, labeled.Statement),
        SwitchStatementSyntax switchStatement => SwitchTerminates(context, switchStatement) || !CompilerReachesEnd(context, switchStatement),
        _ => !CompilerReachesEnd(context, statement),
    };

    /// <summary>
    /// A switch with a catch-all label whose every section completes (with <c>Return</c>, a throw…) before anything in it
    /// can break out: the <c>break;</c> C# requires after <c>yield return Return(v);</c> never runs.
    /// </summary>
    private static bool SwitchTerminates(TemplateContext context, SwitchStatementSyntax switchStatement)
    {
        bool catchAll = switchStatement.Sections.SelectMany(static s => s.Labels).Any(static l => l is DefaultSwitchLabelSyntax ||
            l is CasePatternSwitchLabelSyntax { WhenClause: null, Pattern: DiscardPatternSyntax or VarPatternSyntax or DeclarationPatternSyntax { Designation: DiscardDesignationSyntax } });
        return catchAll && switchStatement.Sections.All(section =>
        {
            foreach (StatementSyntax statement in section.Statements)
            {
                if (Terminates(context, statement))
                {
                    return true;
                }

                if (statement.DescendantNodesAndSelf(BodyShape.OwnNodes).OfType<BreakStatementSyntax>().Any(b => BreaksOutOf(b, switchStatement)))
                {
                    return false;
                }
            }

            return false;
        });
    }

    private static bool BreaksOutOf(BreakStatementSyntax breakStatement, SwitchStatementSyntax switchStatement) =>
        breakStatement.Ancestors().FirstOrDefault(static a => a is SwitchStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax) == switchStatement;

    private static bool CompilerReachesEnd(TemplateContext context, StatementSyntax statement) =>
        context.Model.AnalyzeControlFlow(statement) is not { Succeeded: true, EndPointIsReachable: false };

    /// <summary>Whether <paramref name="yieldReturn"/> yields <c>Co.Return(...)</c>.</summary>
    private static bool IsReturn(TemplateContext context, YieldStatementSyntax yieldReturn) =>
        yieldReturn.Expression is InvocationExpressionSyntax invocation &&
        (context.Model.GetSymbolInfo(invocation) is var info && (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is IMethodSymbol
        {
            Name: "Return", ContainingType: { Name: "Co", ContainingNamespace.Name: "Coroutines" },
        });

    /// <summary>Statements after <c>yield return Return(v);</c> in its block never run: the coroutine completed there.</summary>
    private static void CheckNothingFollows(TemplateContext context, YieldStatementSyntax yieldReturn)
    {
        if (yieldReturn.Parent is BlockSyntax block)
        {
            int index = block.Statements.IndexOf(yieldReturn);
            // A jump may be what C# requires after it (`break;` ending a switch section), and a local function declaration
            // is not code that runs; neither is reported.
            if (index + 1 < block.Statements.Count && block.Statements[index + 1] is not (LabeledStatementSyntax or LocalFunctionStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax or YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldBreakStatement }))
            {
                context.Report(DiagnosticDescriptors.CodeAfterReturn, block.Statements[index + 1]);
            }
        }
    }
}
