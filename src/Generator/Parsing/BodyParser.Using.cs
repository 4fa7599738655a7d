using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary><c>using</c> statements and declarations with a suspension point in their scope.</summary>
internal sealed partial class BodyParser
{
    /// <summary>
    /// <c>using (var a = x, b = y) body</c> becomes <c>__a_1 = x; try { __b_2 = y; try { body } finally { dispose b } }
    /// finally { dispose a }</c>, the compiler's own expansion; <c>using (e) body</c> keeps <c>e</c> in a field first.
    /// </summary>
    private BodyStatement ParseUsing(VariableDeclarationSyntax? declaration, ExpressionSyntax? expression, SyntaxNode node, Func<BodyStatement> parseBody, SyntaxToken awaitKeyword)
    {
        if (awaitKeyword.RawKind != 0)
        {
            return NotSupported(awaitKeyword, "await using");
        }

        var resources = new List<(string Field, ITypeSymbol Type, CodeStatement Init)>();
        if (declaration is not null)
        {
            foreach (VariableDeclaratorSyntax variable in declaration.Variables)
            {
                int boxesBefore = _context.PendingBoxes.Count;
                if (_context.Model.GetDeclaredSymbol(variable) is not ILocalSymbol local || HoistLocal(local, variable.Identifier) is not { } field)
                {
                    continue;
                }

                string init = string.Join(" ", _context.TakePendingBoxes(boxesBefore)) + " " +
                    (variable.Initializer is null ? string.Empty : WithLambdaCaptures(() => $"{field} = {InitializerText(local, variable.Initializer.Value)};"));
                init = init.Trim();
                resources.Add((field, local.Type, new CodeStatement(init, SpanOf(variable))));
            }
        }
        else if (expression is not null && _context.Model.GetTypeInfo(expression).Type is { } type)
        {
            string field = _context.HoistTemporary("using", type);
            resources.Add((field, type, new CodeStatement($"{field} = {FlatExpr(expression)};", SpanOf(expression))));
        }

        // The body is parsed after the resources have their fields, so that its uses of them are rewritten to the fields.
        BodyStatement result = parseBody();
        for (int i = resources.Count - 1; i >= 0; i--)
        {
            (string field, ITypeSymbol resourceType, CodeStatement init) = resources[i];
            result = new BlockStatement(new BodyStatement[]
            {
                init,
                new TryFinallyStatement(result, new CodeStatement(DisposeText(field, resourceType), SpanOf(node))),
            }.ToEquatableArray());
        }

        return result;
    }

    /// <summary>How the compiler disposes a <c>using</c> resource of <paramref name="type"/> held in <paramref name="field"/>.</summary>
    internal static string DisposeText(string field, ITypeSymbol type)
    {
        const string disposable = "global::System.IDisposable";
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T })
        {
            return $"if ({field}.HasValue) (({disposable}){field}.GetValueOrDefault()).Dispose();";
        }

        if (type.IsValueType)
        {
            // A struct's public Dispose is called on the field itself, as the compiler's constrained call does.
            bool publicDispose = type.GetMembers("Dispose").OfType<IMethodSymbol>()
                .Any(static m => m.Parameters.Length == 0 && m.DeclaredAccessibility == Accessibility.Public && !m.IsStatic);
            return publicDispose ? $"{field}.Dispose();" : $"(({disposable}){field}).Dispose();";
        }

        return $"if ((object){field} != null) (({disposable}){field}).Dispose();";
    }
}
