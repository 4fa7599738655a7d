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
}
