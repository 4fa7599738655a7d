using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class LoopApiOffLoopAnalyzerTests
{
    private static readonly LoopApiOffLoopAnalyzer s_analyzer = new();

    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Child()
            {
                yield break;
            }

            static Coroutine ChildAsync() => FromIterator(Child());

        """;

    [Fact]
    public Task LoopCallsInExecutorDelegates_AreReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(Future<int> result, EventLoop loop)
            {
                yield return RunInExecutor(() => [|GetRunningLoop()|].Time());
                yield return RunInExecutor(() => { [|CreateTask(ChildAsync())|]; });
                yield return ToThread(() => [|result.SetResult(1)|]);
                yield return loop.RunInExecutor(() => { [|loop.CallSoon(() => { })|]; });
                yield return RunInExecutor(delegate { [|Await(Task.FromResult(1))|]; });
            }
        }
        """);

    [Fact]
    public Task ThreadSafeCallsAndLoopThreadCode_AreNotReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(Future<int> result, EventLoop loop)
            {
                var now = loop.Time();
                yield return RunInExecutor(() => loop.CallSoonThreadsafe(() => result.SetResult(1)));
                yield return RunInExecutor(() => loop.Time());
                yield return RunInExecutor(() => { var y = Sleep(1); });
                loop.CallSoon(() => result.SetResult(2));
                CreateTask(ChildAsync());
            }
        }
        """);
}
