using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO021: a Task/ValueTask-returning call used as a statement inside a <c>[Coroutine]</c> template. The iterator is not
/// <c>async</c>, so CS4014 is silent. An explicit discard (<c>_ = FooAsync();</c>) states intent and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TaskNotObservedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "true" when the dropped value is a ValueTask.</summary>
    public const string ValueTaskProperty = "ValueTask";

    /// <summary>Diagnostic property: "ConsumedTwice" on the second-consumption diagnostic (no fix: which use to drop is a decision).</summary>
    public const string KindProperty = "Kind";

    public const string ConsumedTwice = "ConsumedTwice";

    private static readonly ImmutableHashSet<string> s_consumingMethods =
        ImmutableHashSet.Create(StringComparer.Ordinal, "AsTask", "GetAwaiter", "Preserve", "ConfigureAwait");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.TaskNotObserved, DiagnosticDescriptors.ValueTaskConsumedTwice);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime or no Task: nothing to check.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols?.Task is null)
            {
                return;
            }

            start.RegisterCoroutineOperationAction(symbols, context => AnalyzeStatement(context, symbols), OperationKind.ExpressionStatement);
            if (symbols.ValueTask is not null && symbols.Co is not null)
            {
                start.RegisterOperationBlockStartAction(block => AnalyzeValueTaskUses(block, symbols));
            }
        });
    }

    private static void AnalyzeStatement(OperationAnalysisContext context, CoroutineSymbols symbols)
    {
        var statement = (IExpressionStatementOperation)context.Operation;

        // Only a dropped call result of a Task-like type.
        if (statement.Operation is not IInvocationOperation invocation || !symbols.IsTaskLike(invocation.Type))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.TaskNotObserved,
            invocation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(ValueTaskProperty, symbols.IsValueTask(invocation.Type) ? "true" : "false"),
            invocation.TargetMethod.Name));
    }

    /// <summary>
    /// CORO021, ValueTask consumed twice: in a template, two consumptions of the same ValueTask local (passed to
    /// <c>Co.Await</c>, yielded, <c>.Result</c>, <c>AsTask()</c>, <c>GetAwaiter()</c>, <c>Preserve()</c>,
    /// <c>ConfigureAwait()</c>) that can both run — not in different branches of one <c>if</c>/<c>switch</c>/<c>?:</c> —
    /// with no assignment to the local in between. The second one is reported. A single consumption inside a loop
    /// that does not declare the local, assigns it nowhere in its body and cannot leave early consumes it again on the
    /// next iteration: it is reported too.
    /// </summary>
    private static void AnalyzeValueTaskUses(OperationBlockStartAnalysisContext block, CoroutineSymbols symbols)
    {
        // Ordinary methods pay nothing.
        if (!symbols.IsTemplate(block.OwningSymbol))
        {
            return;
        }

        var uses = new List<ILocalReferenceOperation>();
        var assignments = new List<(ILocalSymbol Local, int Position)>();
        block.RegisterOperationAction(
            context =>
            {
                var reference = (ILocalReferenceOperation)context.Operation;
                if (symbols.IsValueTask(reference.Local.Type) && CoroutineContext.IsInCoroutineBody(reference) && IsConsumption(reference, symbols))
                {
                    lock (uses)
                    {
                        uses.Add(reference);
                    }
                }
            },
            OperationKind.LocalReference);
        block.RegisterOperationAction(
            context =>
            {
                if (context.Operation is IAssignmentOperation { Target: ILocalReferenceOperation target } assignment && symbols.IsValueTask(target.Local.Type))
                {
                    lock (uses)
                    {
                        assignments.Add((target.Local, assignment.Syntax.SpanStart));
                    }
                }
            },
            OperationKind.SimpleAssignment);
        block.RegisterOperationBlockEndAction(context =>
        {
            foreach (IGrouping<ISymbol, ILocalReferenceOperation> local in uses.GroupBy(u => (ISymbol)u.Local, SymbolEqualityComparer.Default))
            {
                ILocalReferenceOperation[] ordered = local.OrderBy(u => u.Syntax.SpanStart).ToArray();
                for (int i = 0; i < ordered.Length; i++)
                {
                    ILocalReferenceOperation current = ordered[i];
                    bool twice = ordered.Take(i).Any(previous =>
                        !MutuallyExclusive(previous.Syntax, current.Syntax) &&
                        !assignments.Any(a => SymbolEqualityComparer.Default.Equals(a.Local, local.Key) && a.Position > previous.Syntax.SpanStart && a.Position < current.Syntax.SpanStart))
                        || RepeatsInLoop(current, assignments.Where(a => SymbolEqualityComparer.Default.Equals(a.Local, local.Key)).Select(a => a.Position));
                    if (twice)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(
                            DiagnosticDescriptors.ValueTaskConsumedTwice,
                            current.Syntax.GetLocation(),
                            ImmutableDictionary<string, string?>.Empty.Add(KindProperty, ConsumedTwice),
                            local.Key.Name));
                    }
                }
            }
        });
    }

    /// <summary>
    /// True when <paramref name="use"/> sits in a loop (of the template, not of a lambda) that does not declare the
    /// local, assigns it nowhere in its body, and has no <c>break</c>, <c>return</c>, <c>yield break</c>, <c>goto</c> or
    /// <c>throw</c> that could end it after one pass: every iteration consumes the same ValueTask.
    /// </summary>
    private static bool RepeatsInLoop(ILocalReferenceOperation use, IEnumerable<int> assignmentPositions)
    {
        SyntaxNode? declaration = use.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        foreach (SyntaxNode ancestor in use.Syntax.Ancestors())
        {
            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
            {
                return false;
            }

            if (ancestor is not (WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax))
            {
                continue;
            }

            if (declaration is not null && ancestor.Span.Contains(declaration.Span))
            {
                return false;
            }

            // What runs once: a for loop's initializers, a foreach loop's collection.
            bool runsOnce = ancestor switch
            {
                ForStatementSyntax loop => loop.Declaration?.Span.Contains(use.Syntax.Span) == true || loop.Initializers.Any(i => i.Span.Contains(use.Syntax.Span)),
                CommonForEachStatementSyntax loop => !loop.Statement.Span.Contains(use.Syntax.Span),
                _ => false,
            };
            if (runsOnce)
            {
                continue;
            }

            if (assignmentPositions.Any(ancestor.Span.Contains))
            {
                continue;
            }

            bool mayEndEarly = ancestor.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .Any(static n => n is BreakStatementSyntax or ReturnStatementSyntax or GotoStatementSyntax or ThrowStatementSyntax or ThrowExpressionSyntax
                    || n.IsKind(SyntaxKind.YieldBreakStatement));
            if (!mayEndEarly)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConsumption(ILocalReferenceOperation reference, CoroutineSymbols symbols)
    {
        IOperation? parent = reference.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IArgumentOperation { Parent: IInvocationOperation call } =>
                call.TargetMethod.Name == "Await" && CoroutineSymbols.Is(call.TargetMethod.ContainingType, symbols.Co),
            IPropertyReferenceOperation property => property.Property.Name == "Result" && property.Instance == reference,
            IInvocationOperation call => call.Instance == reference && s_consumingMethods.Contains(call.TargetMethod.Name),
            IReturnOperation { Kind: OperationKind.YieldReturn } => true,
            _ => false,
        };
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> sit in different branches of one if/else, switch or ?:.</summary>
    private static bool MutuallyExclusive(SyntaxNode a, SyntaxNode b)
    {
        foreach (SyntaxNode ancestor in a.Ancestors())
        {
            if (!ancestor.Span.Contains(b.Span))
            {
                continue;
            }

            switch (ancestor)
            {
                case Microsoft.CodeAnalysis.CSharp.Syntax.IfStatementSyntax ifStatement when ifStatement.Else is { } otherwise:
                    return (ifStatement.Statement.Span.Contains(a.Span) && otherwise.Span.Contains(b.Span)) ||
                           (otherwise.Span.Contains(a.Span) && ifStatement.Statement.Span.Contains(b.Span));
                case Microsoft.CodeAnalysis.CSharp.Syntax.SwitchStatementSyntax switchStatement:
                    return switchStatement.Sections.Any(s => s.Span.Contains(a.Span)) &&
                           !switchStatement.Sections.Any(s => s.Span.Contains(a.Span) && s.Span.Contains(b.Span));
                case Microsoft.CodeAnalysis.CSharp.Syntax.ConditionalExpressionSyntax conditional:
                    return (conditional.WhenTrue.Span.Contains(a.Span) && conditional.WhenFalse.Span.Contains(b.Span)) ||
                           (conditional.WhenFalse.Span.Contains(a.Span) && conditional.WhenTrue.Span.Contains(b.Span));
                default:
                    // The lowest common ancestor is not a branching construct: both can run.
                    if (ancestor is Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax)
                    {
                        return false;
                    }

                    break;
            }
        }

        return false;
    }
}
