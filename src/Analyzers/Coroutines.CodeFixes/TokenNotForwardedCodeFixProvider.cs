using System.Collections.Immutable;
using System.Composition;
using Coroutines.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Coroutines.CodeFixes;

/// <summary>
/// CORO030 fix: pass the template's token. An optional token parameter gets a named argument
/// (<c>ReadAsync(buf)</c> becomes <c>ReadAsync(buf, cancellationToken: ct)</c>); a token overload gets it appended
/// (<c>SendAsync(x)</c> becomes <c>SendAsync(x, ct)</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TokenNotForwardedCodeFixProvider)), Shared]
public sealed class TokenNotForwardedCodeFixProvider : CoroutineCodeFixProvider
{
    public const string EquivalenceKey = "CORO030.PassToken";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.TokenNotForwarded.Id);

    private protected override IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        diagnostic.Properties.TryGetValue(TokenNotForwardedAnalyzer.ShapeProperty, out string? shape);
        diagnostic.Properties.TryGetValue(TokenNotForwardedAnalyzer.TokenProperty, out string? token);
        diagnostic.Properties.TryGetValue(TokenNotForwardedAnalyzer.ParameterProperty, out string? parameter);
        if (target is not InvocationExpressionSyntax || token is null || (shape == TokenNotForwardedAnalyzer.Named && parameter is null))
        {
            yield break;
        }

        yield return new FixPlan($"Pass '{token}'", EquivalenceKey, (root, node) =>
        {
            var call = (InvocationExpressionSyntax)node;
            ArgumentSyntax argument = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token));
            if (shape == TokenNotForwardedAnalyzer.Named)
            {
                argument = argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameter!)));
            }

            return root.ReplaceNode(call, call.WithArgumentList(call.ArgumentList.AddArguments(argument).WithAdditionalAnnotations(Formatter.Annotation)));
        });
    }
}
