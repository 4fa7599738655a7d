using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Sync;

/// <summary>
/// A task runs a primitive's wait (<c>q.Get()</c>, <c>sem.Acquire()</c>, <c>q.Put(x)</c>) without pushing a frame
/// for it. What a frame gave the wait must still hold: its failure surfaces at the yield (or is kept for
/// <c>Result</c> under <c>Settle</c>), its <c>finally</c> runs when the loop closes under it, and the task's stack
/// still names it.
/// </summary>
public class FramelessWaitTests
{
    private static IEnumerable<Yield> SettledGetOnShutdown(List<string> trace)
    {
        var q = new AsyncQueue<int>();
        IEnumerable<Yield> Getter()
        {
            Coroutine<int> get = q.Get();
            yield return Settle(get);
            trace.Add($"get state {get.State}");
            try
            {
                _ = get.Result;
            }
            catch (QueueShutDownException)
            {
                trace.Add("Result rethrows QueueShutDownException");
            }

            Coroutine<int> unsettled = q.Get();
            yield return unsettled;
            trace.Add("unreachable");
        }

        CoroutineTask getter = CreateTask(FromIterator(Getter()));
        yield return Sleep(0);
        q.Shutdown();
        yield return Settle(getter);
        trace.Add($"task failed with {getter.Exception!.GetType().Name}");
        trace.Add(CoroutineStack.Of(getter.Exception!)!.Split('\n').Last().Trim());
    }

    [Fact]
    public void A_failing_wait_is_kept_under_Settle_and_raised_at_the_yield_otherwise()
    {
        Scenario.Run(SettledGetOnShutdown, out List<string> trace);
        Assert.Equal(
            new[]
            {
                "get state Faulted",
                "Result rethrows QueueShutDownException",
                "task failed with QueueShutDownException",
                "AsyncQueue.Get() raised it",
            },
            trace);
    }

    [Fact]
    public void Closing_the_loop_under_parked_waits_runs_their_finally_blocks()
    {
        var loop = EventLoop.CreateVirtual();
        var q = new AsyncQueue<int>();
        var semaphore = new AsyncSemaphore(1);
        IEnumerable<Yield> Getter()
        {
            yield return q.Get();
        }

        IEnumerable<Yield> Acquirer()
        {
            yield return semaphore.Acquire();
        }

        IEnumerable<Yield> Holder()
        {
            yield return semaphore.Acquire();
            yield return Sleep(1);
            semaphore.Release();
            GetRunningLoop().Stop();
        }

        loop.CreateTask(FromIterator(Holder()));
        CoroutineTask getter = loop.CreateTask(FromIterator(Getter()));
        CoroutineTask acquirer = loop.CreateTask(FromIterator(Acquirer()));
        loop.RunForever();

        // The acquirer was handed the unit by Release but has not resumed; the getter waits in line.
        Assert.Equal(new[] { "Getter", "AsyncQueue.Get" }, getter.GetStack().Select(f => f.Name));
        Assert.Equal(0, semaphore.Value);
        Assert.Equal(1, q.GetterCount);
        Assert.Equal(1, semaphore.WaiterCount);

        loop.Close();

        Assert.Equal(0, q.GetterCount);
        Assert.Equal(0, semaphore.WaiterCount);
        Assert.Equal(1, semaphore.Value);
    }
}
