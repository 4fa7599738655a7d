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
}
