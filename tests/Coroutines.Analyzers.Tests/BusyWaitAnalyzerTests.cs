using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class BusyWaitAnalyzerTests
{
    private static readonly BusyWaitAnalyzer s_analyzer = new();

    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            static bool s_done;

        """;

    [Fact]
    public Task SleepOnlyPollingLoops_AreReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                [|while|] (!s_done)
                {
                    yield return Sleep(0.1);
                }

                [|while|] (!s_done)
                    yield return default;

                [|do|]
                {
                    yield return Co.Sleep(TimeSpan.FromMilliseconds(5));
                }
                while (!s_done);
            }
        }
        """);

    [Fact]
    public Task LoopsThatWorkOrWaitOnSomething_AreNotReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(Future<int> f)
            {
                while (!s_done)
                {
                    Console.WriteLine("tick");
                    yield return Sleep(1);
                }

                while (!f.Done)
                {
                    yield return f;
                }

                while (true)
                {
                    yield return Sleep(1);
                }
            }

            static IEnumerable<Yield> NotATemplate()
            {
                while (!s_done)
                {
                    yield return Sleep(0.1);
                }
            }
        }
        """);
}
