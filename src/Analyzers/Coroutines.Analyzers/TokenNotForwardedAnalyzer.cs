using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO030: in a <c>[Coroutine]</c> template with a <c>CancellationToken</c> parameter, a Task/ValueTask-returning call
/// that could take a token but gets none: its optional <c>CancellationToken</c> parameter is left to the default
/// (<see cref="Named"/>), or an accessible overload has the same parameters plus a trailing token (<see cref="Append"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TokenNotForwardedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: <see cref="Named"/> or <see cref="Append"/>.</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>Diagnostic property: the template's token parameter name.</summary>
    public const string TokenProperty = "Token";

    /// <summary>Diagnostic property (Named): the callee's token parameter name.</summary>
    public const string ParameterProperty = "Parameter";

    public const string Named = "Named";

    public const string Append = "Append";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.TokenNotForwarded);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime or no CancellationToken: nothing to forward.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols?.CancellationToken is null)
            {
                return;
            }

            start.RegisterCoroutineOperationAction(symbols, context => AnalyzeInvocation(context, symbols), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CoroutineSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        IParameterSymbol? token = (context.ContainingSymbol as IMethodSymbol)?.Parameters
            .FirstOrDefault(p => CoroutineSymbols.Is(p.Type, symbols.CancellationToken));

        // No token to forward, not an awaitable call, or a token is already passed explicitly.
        if (token is null || !symbols.IsTaskLike(method.ReturnType) ||
            invocation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue && CoroutineSymbols.Is(a.Parameter?.Type, symbols.CancellationToken)))
        {
            return;
        }

        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(TokenProperty, token.Name);
        IArgumentOperation? defaulted = invocation.Arguments.FirstOrDefault(a =>
            a.ArgumentKind == ArgumentKind.DefaultValue && CoroutineSymbols.Is(a.Parameter?.Type, symbols.CancellationToken));
        if (defaulted?.Parameter is { } parameter)
        {
            properties = properties.Add(ShapeProperty, Named).Add(ParameterProperty, parameter.Name);
        }
        else if (HasTokenOverload(invocation, symbols))
        {
            properties = properties.Add(ShapeProperty, Append);
        }
        else
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.TokenNotForwarded,
            invocation.Syntax.GetLocation(),
            properties,
            method.Name,
            token.Name));
    }

    private static bool HasTokenOverload(IInvocationOperation invocation, CoroutineSymbols symbols)
    {
        IMethodSymbol method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;

        // Argument lists in expanded params form or with omitted optionals would not map one-to-one.
        if (invocation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.Explicit) || invocation.SemanticModel is not { } model)
        {
            return false;
        }

        foreach (IMethodSymbol candidate in method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>())
        {
            if (candidate.IsStatic == method.IsStatic &&
                candidate.Arity == method.Arity &&
                candidate.Parameters.Length == method.Parameters.Length + 1 &&
                CoroutineSymbols.Is(candidate.Parameters[candidate.Parameters.Length - 1].Type, symbols.CancellationToken) &&
                method.Parameters.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, candidate.Parameters[i].Type) && p.RefKind == candidate.Parameters[i].RefKind).All(x => x) &&
                symbols.IsTaskLike(candidate.ReturnType) &&
                !symbols.IsObsolete(candidate) &&
                model.IsAccessible(invocation.Syntax.SpanStart, candidate))
            {
                return true;
            }
        }

        return false;
    }
}
