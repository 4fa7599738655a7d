using System.Globalization;
using System.Text;
using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model.Body;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coroutines.Generator.Parsing;

/// <summary>
/// Holes inside rewritten syntax: the rewriter puts an identifier carrying an annotation where a
/// <see cref="FragmentPart"/> goes, and <see cref="ToFragment"/> turns the rewritten node into text and parts. The
/// annotation, not the identifier's text, marks the hole, so nothing the user writes can be mistaken for one.
/// </summary>
internal static class FragmentBuilder
{
    private const string Kind = "Coroutines.FragmentPart";

    /// <summary>An identifier standing for <paramref name="part"/>.</summary>
    public static IdentifierNameSyntax Hole(FragmentPart part) => SyntaxFactory.IdentifierName(HoleToken(part));

    /// <summary>A token standing for <paramref name="part"/> (a name, a parameter, a whole statement).</summary>
    public static SyntaxToken HoleToken(FragmentPart part) =>
        SyntaxFactory.Identifier("__hole").WithAdditionalAnnotations(new SyntaxAnnotation(Kind, Serialize(part)));

    /// <summary>A statement standing for a jump (<see cref="JumpPart"/> renders the whole statement).</summary>
    public static StatementSyntax HoleStatement(FragmentPart part) =>
        SyntaxFactory.EmptyStatement(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithAdditionalAnnotations(new SyntaxAnnotation(Kind, Serialize(part))));

    /// <summary>Whether <paramref name="node"/> contains a jump hole.</summary>
    public static bool ContainsJump(SyntaxNode node) =>
        node.DescendantTokens().Any(static t => t.GetAnnotations(Kind).Any(static a => a.Data!.StartsWith("J,", StringComparison.Ordinal)));

    /// <summary>
    /// Parses <paramref name="template"/>, in which <c>__hole0</c>, <c>__hole1</c>… stand for <paramref name="parts"/>.
    /// </summary>
    public static ExpressionSyntax ParseWithHoles(string template, params FragmentPart[] parts)
    {
        ExpressionSyntax parsed = SyntaxFactory.ParseExpression(template);
        return parsed.ReplaceTokens(
            parsed.DescendantTokens().Where(static t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText.StartsWith("__hole", StringComparison.Ordinal)),
            (original, _) => HoleToken(parts[int.Parse(original.ValueText.Substring("__hole".Length), CultureInfo.InvariantCulture)]).WithTriviaFrom(original));
    }

    /// <summary>The node's text (without its outer trivia) with its holes as parts.</summary>
    public static Fragment ToFragment(SyntaxNode node)
    {
        var parts = new List<FragmentPart>();
        var text = new StringBuilder();
        SyntaxToken first = node.GetFirstToken();
        SyntaxToken last = node.GetLastToken();
        bool foldComma = false;
        foreach (SyntaxToken token in node.DescendantTokens())
        {
            string leading = token == first ? string.Empty : token.LeadingTrivia.ToFullString();
            string trailing = token == last ? string.Empty : token.TrailingTrivia.ToFullString();
            if (foldComma && token.IsKind(SyntaxKind.CommaToken))
            {
                // "F(__hole, a)": the boxes hole writes its own separator when it has boxes.
                parts[parts.Count - 1] = parts[parts.Count - 1] switch
                {
                    BoxArgumentsPart a => a with { MoreFollow = true },
                    BoxParametersPart p => p with { MoreFollow = true },
                    var other => other,
                };
                foldComma = false;
                continue;
            }

            foldComma = false;
            SyntaxAnnotation? annotation = token.GetAnnotations(Kind).FirstOrDefault();
            if (annotation is null)
            {
                text.Append(leading).Append(token.Text).Append(trailing);
                continue;
            }

            text.Append(leading);
            Flush(text, parts);
            FragmentPart part = Deserialize(annotation.Data!);
            parts.Add(part);
            foldComma = part is BoxArgumentsPart or BoxParametersPart;
            if (!foldComma)
            {
                text.Append(trailing);
            }
        }

        Flush(text, parts);
        return new Fragment(parts.ToEquatableArray());
    }

    /// <summary>A fragment of plain text followed by holes and more text, for scaffolding the parser assembles itself.</summary>
    public static Fragment Concat(params object[] pieces)
    {
        var parts = new List<FragmentPart>();
        var text = new StringBuilder();
        foreach (object piece in pieces)
        {
            switch (piece)
            {
                case string s:
                    text.Append(s);
                    break;
                case FragmentPart part:
                    Flush(text, parts);
                    parts.Add(part);
                    break;
                case Fragment fragment:
                    foreach (FragmentPart part in fragment.Parts)
                    {
                        if (part is TextPart t)
                        {
                            text.Append(t.Text);
                        }
                        else
                        {
                            Flush(text, parts);
                            parts.Add(part);
                        }
                    }

                    break;
            }
        }

        Flush(text, parts);
        return new Fragment(parts.ToEquatableArray());
    }

    private static void Flush(StringBuilder text, List<FragmentPart> parts)
    {
        if (text.Length > 0)
        {
            parts.Add(new TextPart(text.ToString()));
            text.Clear();
        }
    }

    private static string Serialize(FragmentPart part) => part switch
    {
        LocalPart l => $"L,{l.Local},{(int)l.Via}",
        BoxParametersPart p => $"P,{p.Function},{(p.MoreFollow ? 1 : 0)}",
        BoxArgumentsPart a => $"A,{a.Function},{(int)a.Via},{(a.MoreFollow ? 1 : 0)}",
        FunctionNamePart f => $"F,{f.Function}",
        FunctionDelegatePart d => $"D,{d.Function},{(int)d.Via},{Escape(d.Parameters)},{Escape(d.Arguments)},{Escape(d.TypeArguments)},{(d.ReturnsByRef ? 1 : 0)}",
        JumpPart j => $"J,{(int)j.Kind},{j.Target},{j.Section}",
        _ => throw new InvalidOperationException($"No hole for {part.GetType().Name}."),
    };

    private static string Escape(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Unescape(string text) => Encoding.UTF8.GetString(Convert.FromBase64String(text));

    private static FragmentPart Deserialize(string data)
    {
        string[] f = data.Split(',');
        int I(int i) => int.Parse(f[i], CultureInfo.InvariantCulture);
        return f[0] switch
        {
            "L" => new LocalPart(I(1), (ClosureAccess)I(2)),
            "P" => new BoxParametersPart(I(1), I(2) == 1),
            "A" => new BoxArgumentsPart(I(1), (ClosureAccess)I(2), I(3) == 1),
            "F" => new FunctionNamePart(I(1)),
            "D" => new FunctionDelegatePart(I(1), (ClosureAccess)I(2), Unescape(f[3]), Unescape(f[4]), Unescape(f[5]), I(6) == 1),
            "J" => new JumpPart((JumpKind)I(1), I(2), I(3)),
            _ => throw new InvalidOperationException($"Unknown hole '{data}'."),
        };
    }
}
