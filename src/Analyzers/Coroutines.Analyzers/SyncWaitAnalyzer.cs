using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO002: a synchronous wait on a Task/ValueTask inside a <c>[Coroutine]</c> template: <c>Wait()</c>,
/// <c>Task.WaitAll/WaitAny</c>, <c>RunSynchronously()</c>, <c>Result</c> and <c>GetAwaiter().GetResult()</c>.
/// Exempt: reading a local or parameter that a dominating <c>yield return local;</c> already waited for.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SyncWaitAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: one of <see cref="Wait"/>, <see cref="WaitAll"/>, <see cref="WaitAny"/>, <see cref="Result"/>, <see cref="GetResult"/>, <see cref="Other"/>.</summary>
    public const string KindProperty = "Kind";

    /// <summary>Diagnostic property: "true" when the waited-for value is a ValueTask.</summary>
    public const string ValueTaskProperty = "ValueTask";

    /// <summary>Diagnostic property: "true" when the awaited value has a result (Task{T}/ValueTask{T}).</summary>
    public const string HasResultProperty = "HasResult";

    /// <summary>Diagnostic property: "true" for WaitAll/WaitAny taking only <c>params Task[]</c>; "true" for Wait() without arguments.</summary>
    public const string SimpleOverloadProperty = "SimpleOverload";

    public const string Wait = "Wait";

    public const string WaitAll = "WaitAll";

    public const string WaitAny = "WaitAny";

    public const string Result = "Result";

    public const string GetResult = "GetResult";

    public const string Other = "Other";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SyncWait);

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

            start.RegisterBlockingOperationAction(symbols, (context, _) => AnalyzeInvocation(context, symbols), OperationKind.Invocation);
            start.RegisterBlockingOperationAction(symbols, (context, _) => AnalyzeProperty(context, symbols), OperationKind.PropertyReference);
        });
    }

    private static void AnalyzeProperty(OperationAnalysisContext context, CoroutineSymbols symbols)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        ITypeSymbol? type = reference.Instance?.Type;

        // Only Task<T>.Result and ValueTask<T>.Result.
        if (reference.Property.Name != "Result" || !symbols.IsTaskLike(type) || reference.Instance is null)
        {
            return;
        }

        // Already completed: a dominating 'yield return t;' waited for it.
        if (IsAlreadyYielded(reference.Instance, reference.Syntax))
        {
            return;
        }

        Report(context, reference.Syntax, Result, symbols.IsValueTask(type), hasResult: true, simple: true, "Result");
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CoroutineSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        INamedTypeSymbol type = method.ContainingType;
        if (CoroutineSymbols.Is(type, symbols.Task))
        {
            switch (method.Name)
            {
                case "Wait" when !method.IsStatic && invocation.Instance is not null:
                    if (!IsAlreadyYielded(invocation.Instance, invocation.Syntax))
                    {
                        Report(context, invocation.Syntax, Wait, valueTask: false, hasResult: false, simple: method.Parameters.IsEmpty, "Task.Wait");
                    }

                    return;
                case "WaitAll" or "WaitAny" when method.IsStatic:
                    bool simple = method.Parameters.Length == 1 && method.Parameters[0].IsParams;
                    Report(context, invocation.Syntax, method.Name, valueTask: false, hasResult: false, simple, "Task." + method.Name);
                    return;
                case "RunSynchronously":
                    Report(context, invocation.Syntax, Other, valueTask: false, hasResult: false, simple: false, "Task.RunSynchronously");
                    return;
            }

            return;
        }

        // t.GetAwaiter().GetResult() and t.ConfigureAwait(x).GetAwaiter().GetResult() on Task-likes.
        if (method.Name != "GetResult" || method.IsStatic ||
            invocation.Instance is not IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter)
        {
            return;
        }

        IOperation? task = getAwaiter.Instance;
        if (task is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait)
        {
            task = configureAwait.Instance;
        }

        // GetResult on something else (a loop Future, a custom awaitable) is not this rule.
        if (task is null || !symbols.IsTaskLike(task.Type) || IsAlreadyYielded(task, invocation.Syntax))
        {
            return;
        }

        Report(context, invocation.Syntax, GetResult, symbols.IsValueTask(task.Type), hasResult: !method.ReturnsVoid, simple: true, "GetAwaiter().GetResult()");
    }

    private static void Report(OperationAnalysisContext context, SyntaxNode syntax, string kind, bool valueTask, bool hasResult, bool simple, string what)
    {
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
            .Add(KindProperty, kind)
            .Add(ValueTaskProperty, valueTask ? "true" : "false")
            .Add(HasResultProperty, hasResult ? "true" : "false")
            .Add(SimpleOverloadProperty, simple ? "true" : "false");
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SyncWait, syntax.GetLocation(), properties, what));
    }

    /// <summary>
    /// True when <paramref name="task"/> is a local or parameter and an earlier statement of an enclosing block (so it
    /// always ran first) is <c>yield return thatLocal;</c>, with no assignment to it in between.
    /// </summary>
    private static bool IsAlreadyYielded(IOperation task, SyntaxNode use)
    {
        while (task is IConversionOperation conversion)
        {
            task = conversion.Operand;
        }

        ISymbol? symbol = task switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (symbol is null || task.SemanticModel is not { } model)
        {
            return false;
        }

        for (SyntaxNode node = use; node.Parent is not null && node is not MemberDeclarationSyntax; node = node.Parent)
        {
            if (node.Parent is not BlockSyntax block || node is not StatementSyntax statement)
            {
                continue;
            }

            int index = block.Statements.IndexOf(statement);
            for (int i = index - 1; i >= 0; i--)
            {
                StatementSyntax previous = block.Statements[i];
                if (previous is YieldStatementSyntax { Expression: { } yielded } yieldStatement &&
                    yieldStatement.IsKind(SyntaxKind.YieldReturnStatement) &&
                    Unwrap(yielded) is IdentifierNameSyntax name &&
                    name.Identifier.ValueText == symbol.Name &&
                    SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, symbol) &&
                    !IsAssignedBetween(block, i + 1, index, symbol, model))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsAssignedBetween(BlockSyntax block, int from, int to, ISymbol symbol, SemanticModel model)
    {
        for (int i = from; i <= to && i < block.Statements.Count; i++)
        {
            foreach (AssignmentExpressionSyntax assignment in block.Statements[i].DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>())
            {
                if (Unwrap(assignment.Left) is IdentifierNameSyntax left &&
                    left.Identifier.ValueText == symbol.Name &&
                    SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(left).Symbol, symbol))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }
}
