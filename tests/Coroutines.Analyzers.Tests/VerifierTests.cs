using System.Collections.Immutable;
using Coroutines.Analyzers.Tests.Verifiers;
using Coroutines.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

/// <summary>The verifier must fail when it should; otherwise every other test proves nothing.</summary>
public class VerifierTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Threading;
        using Coroutines;

        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                [|Thread.Sleep(1)|];
                yield break;
            }
        }
        """;

    [Fact]
    public void Markup_DefaultAndExplicitIds_GiveSpansInStrippedText()
    {
        (string text, ImmutableArray<ExpectedDiagnostic> expected) = TestMarkup.Parse("a [|bc|] {|CORO002:d{|CORO003:e|}|}", "CORO001");
        Assert.Equal("a bc de", text);
        Assert.Equal(
            new[] { new ExpectedDiagnostic("CORO001", new TextSpan(2, 2)), new ExpectedDiagnostic("CORO002", new TextSpan(5, 2)), new ExpectedDiagnostic("CORO003", new TextSpan(6, 1)) },
            expected.ToArray());
    }

    [Fact]
    public async Task VerifyAnalyzer_MissingDiagnostic_FailsWithAnnotatedSource()
    {
        XunitException failure = await Assert.ThrowsAnyAsync<XunitException>(() =>
            VerifyAnalyzerAsync(new BlockingSleepAnalyzer(), Source.Replace("[|", "").Replace("|]", "")));
        Assert.Contains("^^^^^^^^^^^^^^^ CORO001", failure.Message);
    }

    [Fact]
    public async Task VerifyAnalyzer_WrongSpan_Fails() =>
        await Assert.ThrowsAnyAsync<XunitException>(() =>
            VerifyAnalyzerAsync(new BlockingSleepAnalyzer(), Source.Replace("[|Thread.Sleep(1)|]", "[|Thread|].Sleep(1)")));

    [Fact]
    public async Task CompileGate_BrokenSource_Fails()
    {
        XunitException failure = await Assert.ThrowsAnyAsync<XunitException>(() =>
            VerifyAnalyzerAsync(new BlockingSleepAnalyzer(), Source.Replace("yield break;", "yield break")));
        Assert.Contains("does not compile", failure.Message);
    }

    [Fact]
    public async Task VerifyCodeFix_WrongExpectation_Fails()
    {
        XunitException failure = await Assert.ThrowsAnyAsync<XunitException>(() =>
            VerifyCodeFixAsync(new BlockingSleepAnalyzer(), new BlockingSleepCodeFixProvider(), Source, Source, BlockingSleepCodeFixProvider.EquivalenceKey));
        Assert.Contains("result differs", failure.Message);
    }

    [Fact]
    public async Task VerifyCodeFix_UnknownEquivalenceKey_Fails()
    {
        XunitException failure = await Assert.ThrowsAnyAsync<XunitException>(() =>
            VerifyCodeFixAsync(new BlockingSleepAnalyzer(), new BlockingSleepCodeFixProvider(), Source, Source, "CORO001.Nope"));
        Assert.Contains("No code action", failure.Message);
    }

    [Fact]
    public async Task ManyDocuments_AnalyzedConcurrently_ReportOncePerDocument()
    {
        string[] sources = Enumerable.Range(0, 24)
            .Select(i => Source.Replace("partial class C", "partial class C" + i).Replace("[|", "").Replace("|]", ""))
            .ToArray();
        ImmutableArray<ImmutableArray<string>> ids = await GetDiagnosticIdsPerDocumentAsync(new BlockingSleepAnalyzer(), sources);
        Assert.Equal(24, ids.Length);
        Assert.All(ids, perDocument => Assert.Equal(new[] { "CORO001" }, perDocument.ToArray()));
    }
}
