using Coroutines.Generator.Diagnostics;
using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary><c>foreach</c> with a suspension point: what the compiler bound it to, for the lowering to expand the same way.</summary>
internal sealed partial class BodyParser
{
    private BodyStatement ParseForEach(CommonForEachStatementSyntax forEach)
    {
        ForEachStatementInfo info = Model.GetForEachStatementInfo(forEach);
        TypeInfo collectionInfo = Model.GetTypeInfo(forEach.Expression);
        ITypeSymbol? collectionType = collectionInfo.Type ?? collectionInfo.ConvertedType;
        if (collectionType is null || info.GetEnumeratorMethod is not { } getEnumerator || info.ElementType is null)
        {
            _context.Report(DiagnosticDescriptors.InternalError, forEach.ForEachKeyword, _context.Method.Name, "the compiler's binding of this foreach is incomplete");
            return Empty;
        }

        Fragment collection = Expr(forEach.Expression);
        int id = _context.NewJumpTarget(forEach);
        ForEachShape shape;
        if (collectionType is IArrayTypeSymbol { IsSZArray: true } || collectionType.SpecialType == SpecialType.System_String)
        {
            shape = new ForEachShape(
                ForEachKind.Indexed,
                _context.Temporary("collection", collectionType),
                _context.Temporary("index", Model.Compilation.GetSpecialType(SpecialType.System_Int32)),
                -1,
                string.Empty,
                null,
                null,
                null,
                null,
                DisposalKind.None);
        }
        else
        {
            ITypeSymbol enumeratorType = getEnumerator.ReturnType;
            CastModel? receiverCast = getEnumerator.ContainingType.TypeKind == TypeKind.Interface && !SymbolEqualityComparer.Default.Equals(collectionType, getEnumerator.ContainingType)
                ? Spelled(getEnumerator.ContainingType, forEach)
                : null;
            shape = new ForEachShape(
                ForEachKind.Enumerator,
                -1,
                -1,
                _context.Temporary("enumerator", enumeratorType),
                getEnumerator.Name,
                getEnumerator.IsExtensionMethod ? null : receiverCast,
                getEnumerator.IsExtensionMethod ? SymbolText.TypeText(getEnumerator.ContainingType) : null,
                ExplicitInterfaceCast(enumeratorType, info.MoveNextMethod, forEach),
                ExplicitInterfaceCast(enumeratorType, info.CurrentProperty, forEach),
                EnumeratorDisposal(enumeratorType));
        }

        (ForEachTarget target, BodyStatement body) = ParseIteration(forEach);
        return new ForEachStatement(id, collection, SpanOf(forEach.Expression), shape, target, SpanOf(forEach), body);
    }

    /// <summary>
    /// The iteration variables (fresh per iteration: their scope is one iteration) and the body: <c>x = (V)(current);</c>
    /// or, for <c>foreach (var (a, b) in ...)</c>, <c>(a, b) = current;</c>.
    /// </summary>
    private (ForEachTarget Target, BodyStatement Body) ParseIteration(CommonForEachStatementSyntax forEach)
    {
        ((int? local, string? cast, Fragment? deconstruction), EquatableArray<int> scope) = _context.InScope(() =>
        {
            switch (forEach)
            {
                case ForEachStatementSyntax single when Model.GetDeclaredSymbol(single) is ILocalSymbol variable:
                    int id = _context.Declare(variable, LocalKind.Field, "var", crossesSuspension: true, single.Identifier);
                    return ((int?)id, variable.Type.ContainsAnonymousType() ? null : SymbolText.TypeText(variable.Type), (Fragment?)null);
                case ForEachVariableStatementSyntax deconstruction:
                    foreach (SingleVariableDesignationSyntax designation in deconstruction.Variable.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>())
                    {
                        if (Model.GetDeclaredSymbol(designation) is ILocalSymbol declared)
                        {
                            _context.Declare(declared, LocalKind.Field, "var", crossesSuspension: true, designation.Identifier);
                        }
                    }

                    return (null, null, Rewriter.Rewrite(deconstruction.Variable));
                default:
                    return (null, null, null);
            }
        });
        return (new ForEachTarget(local, cast, deconstruction, scope), ParseStatement(forEach.Statement));
    }

    /// <summary>A cast to <paramref name="type"/> (through a witness when the type mentions an anonymous type).</summary>
    private CastModel Spelled(ITypeSymbol type, CommonForEachStatementSyntax forEach) =>
        new(SymbolText.TypeText(type), type.ContainsAnonymousType() ? _context.Witnesses.Of(type) : null);

    /// <summary>The interface to cast the enumerator to when <paramref name="member"/> is only an explicit implementation.</summary>
    private CastModel? ExplicitInterfaceCast(ITypeSymbol enumeratorType, ISymbol? member, CommonForEachStatementSyntax forEach) =>
        member?.ContainingType is { TypeKind: TypeKind.Interface } containing && !SymbolEqualityComparer.Default.Equals(enumeratorType, containing) &&
        !enumeratorType.GetMembers(member.Name).Any(static m => m.DeclaredAccessibility == Accessibility.Public)
            ? Spelled(containing, forEach)
            : null;

    /// <summary>
    /// How the compiler ends a foreach: dispose when the enumerator is <c>IDisposable</c>; test at run time when it is
    /// an interface or an unsealed class that might be; nothing when it is sealed or a struct and is not.
    /// </summary>
    private DisposalKind EnumeratorDisposal(ITypeSymbol enumeratorType)
    {
        INamedTypeSymbol disposable = Model.Compilation.GetSpecialType(SpecialType.System_IDisposable);
        if (enumeratorType.AllInterfaces.Contains(disposable, SymbolEqualityComparer.Default) || SymbolEqualityComparer.Default.Equals(enumeratorType, disposable))
        {
            return DisposalOf(enumeratorType);
        }

        return enumeratorType.IsValueType || enumeratorType.IsSealed ? DisposalKind.None : DisposalKind.RuntimeCheck;
    }
}
