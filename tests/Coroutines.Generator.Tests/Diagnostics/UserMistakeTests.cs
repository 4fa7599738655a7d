using Coroutines.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Coroutines.Generator.Tests.Diagnostics;

/// <summary>
/// A mistake in the user's own code gets the compiler's error and at most one CORO diagnostic that points at the fix;
/// nothing is ever located in generated code, and a template that cannot be generated never takes its callers with it.
/// </summary>
public sealed class UserMistakeTests
{
    /// <summary>
    /// Every error and warning of the build (generator and compiler, generated files included), as
    /// <c>ID line:column</c> in the template file (or <c>ID in FILE</c> elsewhere), in order. <c>[|</c> marks nothing here.
    /// </summary>
    private static List<string> Build(string source, out GeneratorRun run)
    {
        run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + source));
        int preludeLines = GeneratorHarness.Prelude.Count(c => c == '\n');
        return run.GeneratorDiagnostics.Concat(run.OutputProblems)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d =>
            {
                FileLinePositionSpan span = d.Location.GetLineSpan();
                return d.Location.SourceTree?.FilePath == GeneratorHarness.TemplatePath
                    ? $"{d.Id} {span.StartLinePosition.Line + 1 - preludeLines}:{span.StartLinePosition.Character + 1}"
                    : $"{d.Id} in {Path.GetFileName(d.Location.SourceTree?.FilePath ?? "<none>")}";
            })
            .Distinct()
            .ToList();
    }

    private static List<string> Build(string source) => Build(source, out _);

    [Fact]
    public void YieldInFinally_OnlyTheCompilersError()
    {
        Assert.Equal(new[] { "CS1625 8:13" }, Build("""
            static partial class C
            {
                [Coroutine] static IEnumerable<Yield> Work()
                {
                    try { yield return default; }
                    finally
                    {
                        yield return Sleep(1);
                    }
                }
            }
            """));
    }

    [Fact]
    public void YieldInTryWithCatch_CompilersErrorAndOneHintAtTheTry()
    {
        List<string> problems = Build("""
            static partial class C
            {
                [Coroutine] static IEnumerable<Yield<int>> Risky() { yield return Sleep(1); yield return Return(1); }

                [Coroutine] static IEnumerable<Yield> Work()
                {
                    try
                    {
                        yield return RiskyAsync();
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }
            }
            """, out GeneratorRun run);
        Assert.Equal(new[] { "CORO112 7:9", "CS1626 9:13" }, problems);
        Diagnostic hint = run.GeneratorDiagnostics.Single(d => d.Id == "CORO112");
        Assert.Contains("Settle", hint.GetMessage());
        Assert.Contains(".Result", hint.GetMessage());
    }

    [Fact]
    public void ValueYieldedWhereReturnIsMeant_CompilersErrorAndOneHint()
    {
        List<string> problems = Build("""
            static partial class C
            {
                [Coroutine] static IEnumerable<Yield<int>> Answer()
                {
                    yield return Sleep(1);
                    yield return 42;
                }
            }
            """, out GeneratorRun run);
        Assert.Equal(new[] { "CORO113 6:22", "CS0029 6:22" }, problems);
        Assert.Contains("Return(42)", run.GeneratorDiagnostics.Single().GetMessage());
    }

    [Fact]
    public void ValueYieldedInAnAsyncGenerator_CompilersErrorAndOneHint()
    {
        List<string> problems = Build("""
            static partial class C
            {
                [Coroutine] static IEnumerable<Emit<int>> Counter(int n)
                {
                    yield return Sleep(1);
                    yield return n;
                }
            }
            """, out GeneratorRun run);
        Assert.Equal(new[] { "CORO115 6:22", "CS0029 6:22" }, problems);
        Assert.Contains("Emit(n)", run.GeneratorDiagnostics.Single().GetMessage());
    }

    [Fact]
    public void ValueYieldedInAVoidTemplate_OnlyTheCompilersError()
    {
        Assert.Equal(new[] { "CS0029 5:22" }, Build("""
            static partial class C
            {
                [Coroutine] static IEnumerable<Yield> Work()
                {
                    yield return 42;
                }
            }
            """));
    }

    [Fact]
    public void ErrorInTheTemplate_ReportedOnceWhereItIs_AndCallersStillBind()
    {
        Assert.Equal(new[] { "CS0103 6:29" }, Build("""
            static partial class C
            {
                [Coroutine] static IEnumerable<Yield<int>> Broken(int n)
                {
                    yield return Sleep(n);
                    yield return Return(missing + n);
                }

                [Coroutine] static IEnumerable<Yield> Caller()
                {
                    var b = BrokenAsync(1);
                    yield return b;
                    var doubled = b.Result * 2;
                    yield return Sleep(doubled);
                    var again = CreateTask(BrokenAsync(doubled));
                    yield return again;
                }
            }
            """));
    }

    [Fact]
    public void TemplateTheGeneratorRejects_StillHasItsSibling_SoCallersBind()
    {
        List<string> problems = Build("""
            static partial class C
            {
                static readonly object Gate = new();

                [Coroutine] static IEnumerable<Yield<string>> Locked()
                {
                    lock (Gate) { yield return default; }
                    yield return Return("x");
                }

                [Coroutine] static IEnumerable<Yield> Caller()
                {
                    var text = LockedAsync();
                    yield return text;
                    Console.WriteLine(text.Result.Length);
                }
            }
            """, out GeneratorRun run);
        Assert.Equal(new[] { "CORO109 7:9" }, problems);
        string sibling = run.Sources.Single(s => s.HintName.Contains("Locked")).SourceText.ToString();
        Assert.Contains("Coroutine<string> LockedAsync()", sibling);
        Assert.Contains("CORO109", sibling);
    }

    [Fact]
    public void KeywordNamedType_IsEscaped()
    {
        Assert.Empty(Build("""
            static partial class @class
            {
                [Coroutine] static IEnumerable<Yield<int>> @event(int @int)
                {
                    var @var = @int;
                    yield return Sleep(@var);
                    yield return Return(@var + 1);
                }

                [Coroutine] static IEnumerable<Yield> Caller()
                {
                    var e = @eventAsync(1);
                    yield return e;
                }
            }
            """));
    }

    [Fact]
    public void NullableDisabledTemplate_GeneratesNoWarnings()
    {
        Assert.Empty(Build("""
            #nullable disable
            static partial class C
            {
                [Coroutine] static IEnumerable<Yield<string>> Work(string name)
                {
                    var items = new List<string> { name, null };
                    var anon = new { Name = name };
                    yield return Sleep(1);
                    var inner = WorkAsync(anon.Name);
                    yield return Return(items.Count + anon.Name);
                }
            }
            #nullable restore
            """));
    }

    [Fact]
    public void UserMemberWithTheSiblingsName_IsALocatedDiagnostic()
    {
        Assert.Equal(new[] { "CORO114 3:48" }, Build("""
            static partial class C
            {
                [Coroutine] static IEnumerable<Yield<int>> Bar(int n)
                {
                    yield return Return(n);
                }

                static Coroutine<int> BarAsync(int n) => Co.FromIterator(Bar(n));

                [Coroutine] static IEnumerable<Yield> Caller()
                {
                    var b = BarAsync(2);
                    yield return b;
                }
            }
            """));
    }

    [Fact]
    public void AttributeOnAPartialMethodDeclaration_UsesItsImplementation()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            public static partial class C
            {
                public static List<string> Log = new();

                [Coroutine]
                public static partial IEnumerable<Yield<int>> Work(int n);

                public static partial IEnumerable<Yield<int>> Work(int n)
                {
                    Log.Add("start");
                    yield return Sleep(n);
                    yield return Return(n * 2);
                }
            }
            """)).AssertClean();
        using LoadedTemplates loaded = LoadedTemplates.Load(run.Output);
        Assert.Contains("result 6", Oracle.AssertSame(loaded, "Work", new object?[] { 3 }, typeName: "C"));
    }

    [Fact]
    public void NothingIsLocatedInGeneratedCode_ForAnyMistakeAbove()
    {
        foreach (string source in new[]
        {
            "static partial class C { [Coroutine] static IEnumerable<Yield> W() { try { yield return default; } finally { yield return default; } } }",
            "static partial class C { [Coroutine] static IEnumerable<Yield<int>> W() { yield return 42; } }",
            "static partial class C { [Coroutine] static IEnumerable<Yield> W() { int x = \"s\"; yield return Sleep(x); } }",
            "static partial class C { [Coroutine] static IEnumerable<Yield> W() { try { yield return default; } catch { } } }",
        })
        {
            Assert.DoesNotContain(Build(source), d => d.Contains(" in ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void TemplateInAFileLocalType_IsTheOneThingThatCannotBeGenerated()
    {
        List<string> problems = Build("""
            file static partial class Local
            {
                [Coroutine] static IEnumerable<Yield> Work() { yield return default; }
            }
            """, out GeneratorRun run);
        Assert.Equal(new[] { "CORO110 1:27" }, problems);
        Assert.Contains("file-local type 'Local'", run.GeneratorDiagnostics.Single().GetMessage());
        Assert.Empty(run.Sources);
    }
}
