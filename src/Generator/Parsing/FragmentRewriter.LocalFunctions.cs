using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>
/// Local functions of the template: they take the boxes of the captured locals they use as leading parameters
/// (which boxes is the closure analysis's decision, so declarations and calls get holes), and the ones at a
/// flattened level become methods of the state machine.
/// </summary>
internal sealed partial class FragmentRewriter
{
    /// <summary>
    /// <c>string Show() =&gt; $"copy {copy}";</c> becomes <c>string Show(⟨boxes⟩) =&gt; $"copy {⟨copy⟩}";</c>; at a flattened
    /// level, <c>private string ⟨Show⟩(⟨boxes⟩) =&gt; …</c>, a method of the state machine.
    /// </summary>
    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        if (Model.GetDeclaredSymbol(node) is not IMethodSymbol symbol || _context.FunctionId(symbol) is not int id)
        {
            return visited;
        }

        ParameterSyntax boxes = SyntaxFactory.Parameter(FragmentBuilder.HoleToken(new BoxParametersPart(id, MoreFollow: false)));
        visited = visited.WithParameterList(visited.ParameterList.WithParameters(visited.ParameterList.Parameters.Insert(0, boxes)));
        if (_context.IsMemberFunction(symbol))
        {
            SyntaxTriviaList leading = visited.GetLeadingTrivia();
            visited = visited.WithoutLeadingTrivia();
            visited = visited
                .WithIdentifier(FragmentBuilder.HoleToken(new FunctionNamePart(id)).WithTriviaFrom(visited.Identifier))
                .WithModifiers(visited.Modifiers.Insert(0, SyntaxFactory.Token(SyntaxKind.PrivateKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
            if (visited.AttributeLists.Count == 0)
            {
                visited = visited.WithLeadingTrivia(leading);
            }
        }

        return visited;
    }

    /// <summary>A call of a local function of the template passes its boxes first: <c>Show()</c> becomes <c>Show(⟨boxes⟩)</c>.</summary>
    private SyntaxNode? WithBoxArguments(InvocationExpressionSyntax original, InvocationExpressionSyntax visited)
    {
        if (Model.GetSymbolInfo(original.Expression).Symbol is not IMethodSymbol function || _context.FunctionId(function) is not int id)
        {
            return visited;
        }

        ArgumentSyntax boxes = SyntaxFactory.Argument(FragmentBuilder.Hole(new BoxArgumentsPart(id, AccessFrom(original), MoreFollow: false)));
        return visited.WithArgumentList(visited.ArgumentList.WithArguments(visited.ArgumentList.Arguments.Insert(0, boxes)));
    }

    /// <summary>
    /// A local function of the template used as a delegate (<c>fs.Add(Show)</c>): a hole that is its name, or, when it
    /// takes boxes, a lambda passing the boxes of this moment, as the compiler's delegate keeps its closure.
    /// </summary>
    private SyntaxNode? DelegateOfLocalFunction(SimpleNameSyntax node)
    {
        if (node.Parent is InvocationExpressionSyntax invocation && invocation.Expression == node || IsNameOnlyPosition(node) ||
            Model.GetSymbolInfo(node).Symbol is not IMethodSymbol { MethodKind: MethodKind.LocalFunction } method || _context.FunctionId(method) is not int id ||
            node.Ancestors().Any(static a => a is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } }))
        {
            return null;
        }

        // The lambda written here is itself the closure: from the template's own code it copies the boxes in its statement.
        ClosureAccess via = OutermostFunction(node) is null ? ClosureAccess.StatementCopy : AccessFrom(node);
        string parameters = string.Join(", ", method.Parameters.Select((p, i) => $"{RefKindText(p.RefKind)}{SymbolText.TypeText(p.Type)} __a{i}"));
        string arguments = string.Join(", ", method.Parameters.Select((p, i) => $"{ArgumentRefKindText(p.RefKind)}__a{i}"));
        string typeArguments = method.TypeArguments.Length == 0 ? string.Empty : "<" + string.Join(", ", method.TypeArguments.Select(SymbolText.TypeText)) + ">";
        return FragmentBuilder.Hole(new FunctionDelegatePart(id, via, parameters, arguments, typeArguments, method.ReturnsByRef || method.ReturnsByRefReadonly));
    }
}
