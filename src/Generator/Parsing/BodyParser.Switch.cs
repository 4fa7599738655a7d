using System.Text;
using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary><c>switch</c> statements with a suspension point in a section.</summary>
internal sealed partial class BodyParser
{
    /// <summary>
    /// <c>switch (e) { case int n when n &gt; 0: A; break; default: B; break; }</c> becomes a dispatch switch that only
    /// jumps, <c>switch (e) { case int n when n &gt; 0: __n_1 = n; goto __switch_0_case_0; default: goto __switch_0_case_1; }
    /// goto __break_0;</c>, followed by the flattened sections under their labels. Pattern variables stay real
    /// locals in the dispatch and are copied to their fields; <c>break</c>, <c>goto case</c> and <c>goto default</c>
    /// become gotos.
    /// </summary>
    private BodyStatement ParseSwitch(SwitchStatementSyntax switchStatement)
    {
        int id = NewJumpTarget(switchStatement);
        int boxesBefore = _context.PendingBoxes.Count;
        _context.FlattenedSwitches[switchStatement] = id;
        var dispatch = new StringBuilder();
        dispatch.Append("switch (").Append(FlatExpr(switchStatement.Expression)).Append(")\n{\n");
        var sections = new List<BodyStatement>();
        for (int i = 0; i < switchStatement.Sections.Count; i++)
        {
            SwitchSectionSyntax section = switchStatement.Sections[i];
            string label = GeneratedNames.SwitchSectionLabel(id, i);
            foreach (SwitchLabelSyntax caseLabel in section.Labels)
            {
                var copies = new List<string>();
                var declared = new List<ILocalSymbol>();
                foreach (SingleVariableDesignationSyntax designation in caseLabel.DescendantNodes().OfType<SingleVariableDesignationSyntax>())
                {
                    if (_context.Model.GetDeclaredSymbol(designation) is ILocalSymbol local && HoistLocal(local, designation.Identifier) is { } field)
                    {
                        declared.Add(local);
                        copies.Add($"{field} = {designation.Identifier.Text};");
                    }
                }

                string labelText = _context.KeepingNames(declared, () => Rewriter.Rewrite(caseLabel));
                dispatch.Append("    ").Append(labelText.Trim()).Append('\n');
                dispatch.Append("        ").Append(string.Join(" ", copies.Append($"goto {label};"))).Append('\n');
            }

            sections.Add(new LabelStatement(label));
            sections.Add(ParseBlock(section.Statements, ownsBoxes: false));
        }

        dispatch.Append("}\n").Append($"goto {GeneratedNames.BreakLabel(id)};");
        FileLinePositionSpan span = switchStatement.Expression.GetLocation().GetLineSpan();
        var dispatchSpan = new SourceSpan(span.StartLinePosition.Line + 1, 1, span.EndLinePosition.Line + 1, 1);
        var parsed = new SwitchStatement(id, dispatch.ToString(), dispatchSpan, sections.ToEquatableArray());

        // The switch block is the scope of the locals its sections declare: their boxes exist before the dispatch.
        return WithBoxes(parsed, _context.TakePendingBoxes(boxesBefore), switchStatement);
    }
}
