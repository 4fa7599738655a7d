using Coroutines.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Coroutines.Generator.Tests.Diagnostics;

/// <summary>Each CORO1xx diagnostic: reported once, at the construct it is about.</summary>
public sealed class DiagnosticTests
{
    /// <summary>Runs the generator on <paramref name="source"/> (in which <c>[|...|]</c> marks the expected span) and returns the one diagnostic.</summary>
    private static Diagnostic Single(string source, string id)
    {
        int start = source.IndexOf("[|", StringComparison.Ordinal);
        int end = source.IndexOf("|]", StringComparison.Ordinal) - 2;
        string clean = source.Replace("[|", string.Empty).Replace("|]", string.Empty);
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + clean));
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id.StartsWith("CORO", StringComparison.Ordinal));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(GeneratorHarness.TemplatePath, diagnostic.Location.SourceTree!.FilePath);
        Assert.Equal(clean.Substring(start, end - start), diagnostic.Location.SourceTree.ToString().Substring(diagnostic.Location.SourceSpan.Start - GeneratorHarness.Prelude.Length + GeneratorHarness.Prelude.Length, diagnostic.Location.SourceSpan.Length));
        return diagnostic;
    }

    [Fact]
    public void NotPartial_ReportsTheType()
    {
        Diagnostic d = Single("""
            static class [|Plain|]
            {
                [Coroutine] static IEnumerable<Yield> Work() { yield return default; }
            }
            """, "CORO101");
        Assert.Contains("make 'Plain' partial", d.GetMessage());
    }

    [Fact]
    public void NotPartialParent_ReportsTheParent()
    {
        Single("""
            class [|Outer|]
            {
                static partial class Inner
                {
                    [Coroutine] static IEnumerable<Yield> Work() { yield return default; }
                }
            }
            """, "CORO101");
    }

    [Fact]
    public void WrongElementType_IsNotATemplate()
    {
        Single("""
            static partial class C
            {
                [Coroutine] static IEnumerable<int> [|Work|]() { yield return 1; }
            }
            """, "CORO102");
    }

    [Fact]
    public void RefParameter_IsReported()
    {
        Single("""
            static partial class C
            {
                [Coroutine] static IEnumerable<Yield> Work(in int [|x|]) { yield return default; }
            }
            """, "CORO103");
    }

    [Fact]
    public void ResultTemplateWithReachableEnd_IsReported()
    {
        Single("""
            static partial class C
            {
                [Coroutine] static IEnumerable<Yield<int>> Work(bool b)
                {
                    if (b) yield return Return(1);
                    yield return Sleep(1);
                [|}|]
            }
            """, "CORO107");
    }

    [Fact]
    public void CodeAfterReturn_IsReported()
    {
        Diagnostic d = Single("""
            static partial class C
            {
                [Coroutine] static IEnumerable<Yield<int>> Work()
                {
                    yield return Return(1);
                    [|Console.WriteLine("never");|]
                    yield return Return(2);
                }
            }
            """, "CORO108");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
    }

    [Fact]
    public void LockAcrossSuspension_IsReported()
    {
        Single("""
            static partial class C
            {
                static readonly object Gate = new();
                [Coroutine] static IEnumerable<Yield> Work()
                {
                    [|lock|] (Gate) { yield return default; }
                }
            }
            """, "CORO109");
    }

    [Fact]
    public void TryCatchAroundYieldBreakOnly_IsFineButLocalFunctionTemplateIsNot()
    {
        Single("""
            static partial class C
            {
                static void Host()
                {
                    [Coroutine] static IEnumerable<Yield> [|Local|]() { yield return default; }
                }
            }
            """, "CORO106");
    }

    [Fact]
    public void ReservedName_IsReported()
    {
        Single("""
            static partial class C
            {
                [Coroutine] static IEnumerable<Yield> Work()
                {
                    int [|__state|] = 1;
                    yield return Sleep(__state);
                }
            }
            """, "CORO111");
    }

    [Fact]
    public void RefStructLocalAcrossSuspension_IsReported()
    {
        Single("""
            static partial class C
            {
                [Coroutine] static IEnumerable<Yield> Work()
                {
                    yield return default;
                    ReadOnlySpan<char> [|span|] = "abc";
                    yield return default;
                    Console.WriteLine(span.Length);
                }
            }
            """, "CORO104");
    }

    [Fact]
    public void UnsafeMethod_IsReported()
    {
        Single("""
            static partial class C
            {
                [Coroutine] static [|unsafe|] IEnumerable<Yield> Work() { yield return default; }
            }
            """, "CORO105");
    }
}
