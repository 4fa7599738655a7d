using Coroutines.CodeFixes;
using Microsoft.CodeAnalysis;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class ApiListAnalyzerTests
{
    private const string Source = """
        using System.Collections.Generic;
        using Coroutines;

        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Device d)
            {
                {|CORO005:d.Reset()|};
                var a = {|CORO005:d.Query(1)|};
                var b = {|CORO005:d.Query("x")|};
                d.Other();
                yield break;
            }
        }

        class Device
        {
            public void Reset()
            {
            }

            public void Reset(int mode)
            {
            }

            public int Query(int register) => register;

            public string Query(string name) => name;

            public void Other()
            {
            }
        }
        """;

    [Fact]
    public Task UserListedMethods_AreReportedByCoro005() => VerifyAnalyzerAsync(
        new BlockingWithoutSiblingAnalyzer(),
        Source,
        ("/project/CoroutineBlockingApis.txt", """
        // Devices that block
        M:Device.Reset;waits for the hardware   // only the parameterless overload
        M:Device.Query(*)
        """),
        ("/project/Other.txt", "M:Device.Other"));

    [Fact]
    public Task BadAndDuplicateEntries_AreReportedInTheListFiles() => VerifyAnalyzerAsync(
        new ApiListAnalyzer(),
        Source.Replace("{|CORO005:", "").Replace(")|}", ")"),
        ("/project/CoroutineBlockingApis.txt", """
        {|CORO091:M:Device.Reset|}
        M:Device.Query(*)
        {|CORO090:M:Device.Missing|}
        {|CORO090:T:Device|}
        {|CORO090:M:Device.Reset;note;extra|}
        {|CORO091:M:Device.Query(*)|} // again
        """),
        // Files are read in ordinal path order: "…Apis.Team.txt" comes before "…Apis.txt", so its entry is the first one.
        ("/project/CoroutineBlockingApis.Team.txt", """

        M:Device.Reset
        M:Device.Other;fine
        """),
        ("/project/NotAList.txt", "this is not checked"));

    private const string AllowedSource = """
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using Coroutines;

        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Stream s, ManualResetEvent evt, string a, string b)
            {
                s.Flush();
                File.Copy(a, b);
                evt.WaitOne();
                yield break;
            }
        }
        """;

    private const string AllowedList = """
        // Our stream is in-memory; the event is always set; the copy is a tiny local file.
        M:System.IO.Stream.Flush
        M:System.IO.File.Copy(*)
        M:System.Threading.WaitHandle.WaitOne(*)
        """;

    [Fact]
    public async Task AllowedApis_SilenceCoro004Coro005AndCoro007()
    {
        await VerifyAnalyzerAsync(new AsyncSiblingAnalyzer(), AllowedSource, ("/project/CoroutineAllowedApis.txt", AllowedList));
        await VerifyAnalyzerAsync(new BlockingWithoutSiblingAnalyzer(), AllowedSource, ("/project/CoroutineAllowedApis.txt", AllowedList));
        await VerifyAnalyzerAsync(new BlockingPrimitiveAnalyzer(), AllowedSource, ("/project/CoroutineAllowedApis.Local.txt", AllowedList));
    }

    [Fact]
    public Task WithoutTheAllowList_TheSameCallsAreReported() => VerifyAnalyzerAsync(
        new AsyncSiblingAnalyzer(),
        AllowedSource.Replace("s.Flush();", "[|s.Flush()|];"),
        ("/project/NotAnAllowList.txt", AllowedList));

    [Fact]
    public Task BadAllowListEntries_AreReported() => VerifyAnalyzerAsync(
        new ApiListAnalyzer(),
        AllowedSource,
        ("/project/CoroutineAllowedApis.txt", """
        M:System.IO.Stream.Flush
        {|CORO090:M:System.IO.Stream.Flushh|}
        {|CORO091:M:System.IO.Stream.Flush|}
        """));

    private const string ReplacementSource = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield<int>> Work(Device d)
            {
                {|CORO005:d.Reset()|};
                var n = {|CORO005:d.Query(1)|};
                {|CORO005:Tools.Copy("a")|};
                {|CORO005:Tools.Wipe()|};
                yield return Return(n);
            }
        }

        class Device
        {
            public void Reset() { }
            public Task ResetAsync() => Task.CompletedTask;
            public int Query(int register) => register;
            public ValueTask<int> QueryAsync(int register) => new(register);
            public void Other() { }
        }

        static class Tools
        {
            public static void Copy(string path) { }
            public static void Wipe() { }
        }

        static class Io
        {
            public static Task CopyAsync(string path) => Task.CompletedTask;
        }
        """;

    private const string ReplacementList = """
        M:Device.Reset;firmware;async:M:Device.ResetAsync
        M:Device.Query(System.Int32);;async:M:Device.QueryAsync(System.Int32)
        M:Tools.Copy(System.String);;async:M:Io.CopyAsync(System.String)
        M:Tools.Wipe;;executor
        """;

    [Fact]
    public Task AsyncReplacement_IsYieldedByTheFix_ExecutorEntriesKeepTheExecutorFix() => VerifyCodeFixAsync(
        new BlockingWithoutSiblingAnalyzer(),
        new BlockingWithoutSiblingCodeFixProvider(),
        ReplacementSource,
        ReplacementSource
            .Replace("{|CORO005:d.Reset()|};", "yield return d.ResetAsync();")
            .Replace("var n = {|CORO005:d.Query(1)|};", "var op = Await(d.QueryAsync(1));\n        yield return op;\n        var n = op.Result;")
            .Replace("{|CORO005:Tools.Copy(\"a\")|};", "yield return Io.CopyAsync(\"a\");")
            .Replace("{|CORO005:Tools.Wipe()|}", "Tools.Wipe()"),
        BlockingWithoutSiblingCodeFixProvider.ReplacementKey,
        null,
        ("/project/CoroutineBlockingApis.txt", ReplacementList));

    [Fact]
    public async Task AsyncReplacement_NamesTheReplacementInTheMessage()
    {
        var diagnostics = await GetAllDiagnosticsAsync(
            new BlockingWithoutSiblingAnalyzer(),
            ReplacementSource.Replace("{|CORO005:", "").Replace(")|}", ")"),
            ("/project/CoroutineBlockingApis.txt", ReplacementList));
        Assert.Equal(
            [
                "'Device.Reset (firmware)' blocks the event loop; yield 'Device.ResetAsync' instead",
                "'Device.Query' blocks the event loop; yield 'Device.QueryAsync' instead",
                "'Tools.Copy' blocks the event loop; yield 'Io.CopyAsync' instead",
                "'Tools.Wipe' blocks the event loop and has no awaitable alternative; run it with 'RunInExecutor'",
            ],
            diagnostics.Select(d => d.GetMessage()));
    }

    [Fact]
    public Task BadReplacements_AreReportedAsCoro090() => VerifyAnalyzerAsync(
        new ApiListAnalyzer(),
        ReplacementSource.Replace("{|CORO005:", "").Replace(")|}", ")"),
        ("/project/CoroutineBlockingApis.txt", """
        M:Device.Reset;;executor
        {|CORO090:M:Device.Query(System.Int32);;async:M:Device.Missing|}
        {|CORO090:M:Device.Other;;async:M:Tools.Wipe|}
        {|CORO090:M:Tools.Copy(System.String);;later|}
        {|CORO090:M:Tools.Wipe;a;executor;more|}
        """));

    [Fact]
    public async Task Duplicate_PointsAtTheFirstEntry_WithAnAdditionalLocation()
    {
        const string list = "M:Device.Reset\n// comment\n  M:Device.Reset;again\n";
        var diagnostics = await GetAllDiagnosticsAsync(
            new ApiListAnalyzer(),
            ReplacementSource.Replace("{|CORO005:", "").Replace(")|}", ")"),
            ("/project/CoroutineBlockingApis.txt", list));
        Diagnostic duplicate = Assert.Single(diagnostics);
        Assert.Equal("CORO091", duplicate.Id);
        FileLinePositionSpan at = duplicate.Location.GetLineSpan();
        Assert.Equal(("/project/CoroutineBlockingApis.txt", 2, 2), (at.Path, at.StartLinePosition.Line, at.StartLinePosition.Character));
        Location first = Assert.Single(duplicate.AdditionalLocations);
        FileLinePositionSpan firstAt = first.GetLineSpan();
        Assert.Equal(("/project/CoroutineBlockingApis.txt", 0, 0, 14), (firstAt.Path, firstAt.StartLinePosition.Line, firstAt.StartLinePosition.Character, first.SourceSpan.Length));
    }
}
