using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Sync;

public class SemaphoreTests
{
    private static IEnumerable<Yield> FifoWorker(string name, AsyncSemaphore sem, double hold, List<string> trace)
    {
        trace.Add($"{name} wants one (value={sem.Value}, locked={sem.Locked})");
        yield return sem.Acquire();
        using (sem.Releaser())
        {
            trace.Add($"{name} holds one");
            yield return Sleep(hold);
            trace.Add($"{name} gives it back");
        }
    }

    private static IEnumerable<Yield> FifoScenario(List<string> trace)
    {
        var sem = new AsyncSemaphore(2);
        var tasks = new List<CoroutineTask>();
        foreach ((string name, double hold) in new[] { ("a", 0.1), ("b", 0.12), ("c", 0.1), ("d", 0.12), ("e", 0.1) })
        {
            tasks.Add(CreateTask(FifoWorker(name, sem, hold, trace)));
        }

        yield return Sleep(0.05);
        trace.Add($"t=0.05 value={sem.Value} locked={sem.Locked}");
        foreach (CoroutineTask t in tasks)
        {
            yield return t;
        }

        trace.Add($"end value={sem.Value} locked={sem.Locked}");
    }

    [Fact]
    public void Semaphore_admits_value_holders_and_hands_units_to_waiters_in_FIFO_order()
    {
        Scenario.Run(FifoScenario, out List<string> trace);
        PythonTwin.AssertMatches("semaphore_fifo", trace);
    }

    private static IEnumerable<Yield> CancelWorker(string name, AsyncSemaphore sem, List<string> trace)
    {
        bool acquired = false;
        try
        {
            yield return sem.Acquire();
            acquired = true;
        }
        finally
        {
            if (!acquired)
            {
                trace.Add($"{name} cancelled, value={sem.Value}");
            }
        }

        trace.Add($"{name} holds one");
        yield return Sleep(0);
        sem.Release();
        trace.Add($"{name} released");
    }

    private static IEnumerable<Yield> CancelScenario(List<string> trace)
    {
        var sem = new AsyncSemaphore(1);
        yield return sem.Acquire();
        CoroutineTask a = CreateTask(CancelWorker("a", sem, trace));
        CoroutineTask b = CreateTask(CancelWorker("b", sem, trace));
        CoroutineTask c = CreateTask(CancelWorker("c", sem, trace));
        CoroutineTask d = CreateTask(CancelWorker("d", sem, trace));
        yield return Sleep(0);
        b.Cancel();
        yield return Sleep(0);
        trace.Add($"b gone, locked={sem.Locked}");
        sem.Release();
        a.Cancel();
        trace.Add($"released and cancelled a, value={sem.Value}");
        foreach (CoroutineTask t in new[] { a, b, c, d })
        {
            yield return Settle(t);
        }

        trace.Add($"end value={sem.Value} locked={sem.Locked}");
        Assert.Equal(0, sem.WaiterCount);
    }

    [Fact]
    public void Cancelled_semaphore_waiters_leave_no_trace_and_pass_on_a_unit_they_were_handed()
    {
        Scenario.Run(CancelScenario, out List<string> trace);
        PythonTwin.AssertMatches("semaphore_cancel", trace);
    }

    [Fact]
    public void Bounded_semaphore_refuses_a_release_past_its_initial_value()
    {
        var sem = new AsyncBoundedSemaphore(2);
        IEnumerable<Yield> Body()
        {
            yield return sem.Acquire();
            Assert.Equal(1, sem.Value);
            sem.Release();
            InvalidOperationException error = Assert.Throws<InvalidOperationException>(sem.Release);
            Assert.Contains("released too many times", error.Message);
            Assert.Equal(2, sem.Value);
        }

        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Body()));
        var plain = new AsyncSemaphore(1);
        plain.Release();
        Assert.Equal(2, plain.Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncSemaphore(-1));
    }

    [Fact]
    public void A_semaphore_of_zero_blocks_until_released_and_locked_ignores_cancelled_waiters()
    {
        var loop = EventLoop.CreateVirtual();
        var sem = new AsyncSemaphore(0);
        var trace = new List<string>();
        IEnumerable<Yield> Wait(string name)
        {
            yield return sem.Acquire();
            trace.Add(name);
        }

        CoroutineTask first = loop.CreateTask(FromIterator(Wait("first")));
        CoroutineTask second = loop.CreateTask(FromIterator(Wait("second")));
        loop.CallLater(1, () =>
        {
            first.Cancel();
            second.Cancel();
        });
        loop.CallLater(2, () =>
        {
            sem.Release();
            Assert.False(sem.Locked);
        });
        loop.CallLater(3, loop.Stop);
        loop.RunForever();
        Assert.Empty(trace);
        Assert.Equal(1, sem.Value);
        Assert.Equal(0, sem.WaiterCount);
    }
}
