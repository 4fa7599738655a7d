using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary><c>using</c> statements and declarations at a flattened level.</summary>
internal sealed partial class BodyParser
{
    /// <summary><c>using (var a = x, b = y) body</c> or <c>using (e) body</c>; the resources are declared before the body is parsed.</summary>
    private BodyStatement ParseUsingStatement(UsingStatementSyntax usingStatement)
    {
        (List<UsingResource> resources, EquatableArray<int> scope) = _context.InScope(() =>
            usingStatement.Declaration is { } declaration
                ? DeclaredResources(declaration)
                : usingStatement.Expression is { } expression && Model.GetTypeInfo(expression).Type is { } type
                    ? new List<UsingResource> { new(_context.Temporary("using", type), Expr(expression), DisposalOf(type), SpanOf(expression)) }
                    : new List<UsingResource>());
        return new UsingStatement(scope, resources.ToEquatableArray(), SpanOf(usingStatement), ParseStatement(usingStatement.Statement));
    }

    /// <summary><c>using var r = e;</c>: the rest of the block is the body, still in the block's scope.</summary>
    private BodyStatement ParseUsingDeclaration(LocalDeclarationStatementSyntax declaration, Func<BodyStatement> parseRest) =>
        new UsingStatement(EquatableArray<int>.Empty, DeclaredResources(declaration.Declaration).ToEquatableArray(), SpanOf(declaration), parseRest());

    private List<UsingResource> DeclaredResources(VariableDeclarationSyntax declaration)
    {
        var resources = new List<UsingResource>();
        string declaredType = Rewriter.RewriteText(declaration.Type).Trim();
        foreach (VariableDeclaratorSyntax variable in declaration.Variables)
        {
            if (Model.GetDeclaredSymbol(variable) is ILocalSymbol local && variable.Initializer is { } initializer)
            {
                int id = _context.Declare(local, LocalKind.Field, declaredType, crossesSuspension: true, variable.Identifier);
                resources.Add(new UsingResource(id, InitializerOf(local, initializer.Value), DisposalOf(local.Type), SpanOf(variable)));
            }
        }

        return resources;
    }

    /// <summary>How the compiler disposes a resource of <paramref name="type"/>.</summary>
    private static DisposalKind DisposalOf(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T })
        {
            return DisposalKind.Nullable;
        }

        if (type.IsValueType)
        {
            // A struct's public Dispose is called on the variable itself, as the compiler's constrained call does.
            bool publicDispose = type.GetMembers("Dispose").OfType<IMethodSymbol>()
                .Any(static m => m.Parameters.Length == 0 && m.DeclaredAccessibility == Accessibility.Public && !m.IsStatic);
            return publicDispose ? DisposalKind.StructPublic : DisposalKind.StructInterface;
        }

        return DisposalKind.Reference;
    }
}
