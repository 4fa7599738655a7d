using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Coroutines.CodeFixes;

/// <summary>Rewrites <paramref name="root"/> at <paramref name="target"/> (the current version of the diagnostic's node). Pure syntax.</summary>
internal delegate SyntaxNode RootEdit(SyntaxNode root, SyntaxNode target);

/// <summary>One code action for one diagnostic: title, per-kind equivalence key and the syntax edit.</summary>
internal readonly struct FixPlan
{
    public FixPlan(string title, string equivalenceKey, RootEdit edit)
    {
        Title = title;
        EquivalenceKey = equivalenceKey;
        Edit = edit;
    }

    public string Title { get; }

    public string EquivalenceKey { get; }

    public RootEdit Edit { get; }
}

/// <summary>
/// Base of the CORO0xx fixers. A fixer decides with the semantic model what it will do (<see cref="GetPlans"/>), and the
/// doing is a pure syntax edit. That split is what makes Fix All correct for hoisting fixes: the BatchFixer only merges
/// non-overlapping text edits, so instead every planned edit is applied in turn to one tracked root, each edit seeing
/// the temporaries the previous ones introduced (unique names <c>op</c>, <c>op2</c>, …; ANALYZERS.md (d)8).
/// </summary>
public abstract class CoroutineCodeFixProvider : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode target = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            foreach (FixPlan plan in GetPlans(target, diagnostic, model, context.CancellationToken))
            {
                Document document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(plan.Title, ct => ApplyAsync(document, root, target, plan.Edit, ct), plan.EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>The actions this fixer can offer for <paramref name="diagnostic"/> at <paramref name="target"/>; empty when no legal fix exists.</summary>
    private protected abstract IEnumerable<FixPlan> GetPlans(SyntaxNode target, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken);

    private static async Task<Document> ApplyAsync(Document document, SyntaxNode root, SyntaxNode target, RootEdit edit, CancellationToken cancellationToken)
    {
        SyntaxNode tracked = root.TrackNodes(target);
        return await CleanUpAsync(document.WithSyntaxRoot(edit(tracked, tracked.GetCurrentNode(target)!)), cancellationToken).ConfigureAwait(false);
    }

    private async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        // Plan everything against the original document, in source order, then apply to one tracked root.
        var work = new List<(SyntaxNode Target, RootEdit Edit)>();
        foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            SyntaxNode target = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            foreach (FixPlan plan in GetPlans(target, diagnostic, model, context.CancellationToken))
            {
                if (plan.EquivalenceKey == context.CodeActionEquivalenceKey)
                {
                    work.Add((target, plan.Edit));
                    break;
                }
            }
        }

        SyntaxNode current = root.TrackNodes(work.Select(w => w.Target));
        foreach ((SyntaxNode target, RootEdit edit) in work)
        {
            // A previous edit removed this node (two diagnostics on one statement): nothing left to fix.
            SyntaxNode? node = current.GetCurrentNode(target);
            if (node is not null)
            {
                current = edit(current, node);
            }
        }

        return await CleanUpAsync(document.WithSyntaxRoot(current), context.CancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document> CleanUpAsync(Document document, CancellationToken cancellationToken)
    {
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
