using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary><c>switch</c> statements with a suspension point in a section.</summary>
internal sealed partial class BodyParser
{
    /// <summary>
    /// The governing expression, each section's labels (their pattern variables keep their names in the dispatch and
    /// are copied to their storage once matched) and statements. The switch block is the scope of every local its
    /// sections declare.
    /// </summary>
    private BodyStatement ParseSwitch(SwitchStatementSyntax switchStatement)
    {
        int id = _context.NewJumpTarget(switchStatement);
        _context.FlattenedSwitches.Add(switchStatement);
        Fragment governing = Expr(switchStatement.Expression);
        (List<SwitchSectionModel> sections, EquatableArray<int> scope) = _context.InScope(() =>
            switchStatement.Sections.Select(section => new SwitchSectionModel(
                    section.Labels.Select(ParseLabel).ToEquatableArray(),
                    ParseBlock(section.Statements, ownScope: false)))
                .ToList());
        return new SwitchStatement(id, governing, SpanOf(switchStatement.Expression), scope, sections.ToEquatableArray());
    }

    private SwitchLabelModel ParseLabel(SwitchLabelSyntax label)
    {
        var copies = new List<PatternCopy>();
        var declared = new List<ILocalSymbol>();
        foreach (SingleVariableDesignationSyntax designation in label.DescendantNodes().OfType<SingleVariableDesignationSyntax>())
        {
            if (Model.GetDeclaredSymbol(designation) is ILocalSymbol local)
            {
                int localId = _context.Declare(local, LocalKind.Field, "var", crossesSuspension: true, designation.Identifier);
                declared.Add(local);
                copies.Add(new PatternCopy(localId, designation.Identifier.Text));
            }
        }

        return _context.KeepingNames(declared, () => label switch
        {
            CasePatternSwitchLabelSyntax pattern => new SwitchLabelModel(
                Rewriter.Rewrite(pattern.Pattern),
                pattern.WhenClause is null ? null : Expr(pattern.WhenClause.Condition),
                copies.ToEquatableArray()),
            CaseSwitchLabelSyntax constant => new SwitchLabelModel(Rewriter.Rewrite(constant.Value), null, copies.ToEquatableArray()),
            _ => new SwitchLabelModel(null, null, copies.ToEquatableArray()),
        });
    }
}
