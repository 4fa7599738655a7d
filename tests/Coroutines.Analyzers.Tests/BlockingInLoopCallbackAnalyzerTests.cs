using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class BlockingInLoopCallbackAnalyzerTests
{
    private static readonly BlockingInLoopCallbackAnalyzer s_analyzer = new();

    private const string Prelude = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Coroutines;

        partial class C
        {
        """;

    [Fact]
    public Task BlockingCallsInLoopCallbacks_AreReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            static void Schedule(EventLoop loop, Future<int> f, Task<int> t)
            {
                loop.CallSoon(() => [|Thread.Sleep(10)|]);
                loop.CallLater(1.0, () => Console.WriteLine([|t.Result|]));
                loop.CallAt(2.0, delegate { [|t.Wait()|]; [|File.Copy("a", "b")|]; });
                f.AddDoneCallback(_ => [|Console.ReadLine()|]);
                loop.CallSoonThreadsafe(() => [|t.GetAwaiter().GetResult()|]);
            }
        }
        """);

    [Fact]
    public Task NonBlockingCallbacksAndOtherDelegates_AreNotReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            static void Schedule(EventLoop loop, Future<int> f, Task<int> t)
            {
                loop.CallSoon(() => Console.WriteLine("tick"));
                loop.CallSoonThreadsafe(() => Console.WriteLine("runs on the loop, does not block"));
                loop.CallLater(1.0, () => Task.Run(() => t.Wait()));
                Action later = () => Thread.Sleep(10);
                Thread.Sleep(1);
            }
        }
        """);
}
