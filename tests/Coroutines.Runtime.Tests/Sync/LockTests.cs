using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Sync;

public class LockTests
{
    private static IEnumerable<Yield> FifoWorker(string name, AsyncLock lk, List<string> trace)
    {
        trace.Add($"{name} wants it");
        yield return lk.Acquire();
        using (lk.Releaser())
        {
            trace.Add($"{name} has it");
            yield return Sleep(0);
            trace.Add($"{name} releases");
        }
    }

    private static IEnumerable<Yield> FifoScenario(List<string> trace)
    {
        var lk = new AsyncLock();
        yield return lk.Acquire();
        trace.Add($"main has it, locked={lk.Locked}");
        var tasks = new List<CoroutineTask>();
        foreach (string name in new[] { "a", "b", "c" })
        {
            tasks.Add(CreateTask(FifoWorker(name, lk, trace)));
        }

        yield return Sleep(0);
        lk.Release();
        trace.Add($"main released, locked={lk.Locked}");
        tasks.Add(CreateTask(FifoWorker("late", lk, trace)));
        foreach (CoroutineTask t in tasks)
        {
            yield return t;
        }

        trace.Add($"end, locked={lk.Locked}");
        Assert.Equal(0, lk.WaiterCount);
    }

    [Fact]
    public void Lock_waiters_acquire_in_FIFO_order_and_a_newcomer_does_not_barge_in()
    {
        Scenario.Run(FifoScenario, out List<string> trace);
        PythonTwin.AssertMatches("lock_fifo", trace);
    }

    private static IEnumerable<Yield> CancelWorker(string name, AsyncLock lk, List<string> trace)
    {
        bool acquired = false;
        try
        {
            yield return lk.Acquire();
            acquired = true;
        }
        finally
        {
            if (!acquired)
            {
                trace.Add($"{name} cancelled, locked={lk.Locked}");
            }
        }

        trace.Add($"{name} has it");
        yield return Sleep(0);
        lk.Release();
        trace.Add($"{name} released");
    }

    private static IEnumerable<Yield> CancelScenario(List<string> trace)
    {
        var lk = new AsyncLock();
        yield return lk.Acquire();
        CoroutineTask a = CreateTask(CancelWorker("a", lk, trace));
        CoroutineTask b = CreateTask(CancelWorker("b", lk, trace));
        CoroutineTask c = CreateTask(CancelWorker("c", lk, trace));
        yield return Sleep(0);
        b.Cancel();
        yield return Sleep(0);
        trace.Add("b gone");
        Assert.Equal(2, lk.WaiterCount);
        lk.Release();
        a.Cancel();
        trace.Add($"released and cancelled a, locked={lk.Locked}");
        foreach (CoroutineTask t in new[] { a, b, c })
        {
            yield return Settle(t);
        }

        trace.Add($"a cancelled={a.Cancelled} b cancelled={b.Cancelled} c cancelled={c.Cancelled}");
        trace.Add($"end, locked={lk.Locked}");
        Assert.Equal(0, lk.WaiterCount);
    }

    [Fact]
    public void Cancelled_lock_waiters_leave_no_trace_and_never_swallow_a_wakeup()
    {
        Scenario.Run(CancelScenario, out List<string> trace);
        PythonTwin.AssertMatches("lock_cancel", trace);
    }

    [Fact]
    public void Uncontended_acquire_does_not_suspend_and_release_of_a_free_lock_throws()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Body()
        {
            var lk = new AsyncLock();
            EventLoop loop = GetRunningLoop();
            loop.CallSoon(() => trace.Add("callback"));
            yield return lk.Acquire();
            trace.Add($"acquired without suspending, locked={lk.Locked}");
            lk.Release();
            Assert.Throws<InvalidOperationException>(lk.Release);
            yield return Sleep(0);
            trace.Add("after giving way");
        }

        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Body()));
        Assert.Equal(new[] { "acquired without suspending, locked=True", "callback", "after giving way" }, trace);
    }

    [Fact]
    public void Releaser_releases_once_even_when_disposed_twice_and_on_cancellation()
    {
        var lk = new AsyncLock();
        var loop = EventLoop.CreateVirtual();
        IEnumerable<Yield> Holder()
        {
            yield return lk.Acquire();
            using (lk.Releaser())
            {
                yield return Sleep(100);
            }
        }

        CoroutineTask holder = loop.CreateTask(FromIterator(Holder()));
        loop.CallLater(1, () =>
        {
            Assert.True(lk.Locked);
            holder.Cancel();
        });
        Assert.Throws<CancelledException>(() => loop.RunUntilComplete(holder));
        Assert.False(lk.Locked);

        AsyncReleaser releaser = lk.Releaser();
        IEnumerable<Yield> Take()
        {
            yield return lk.Acquire();
        }

        loop.RunUntilComplete(FromIterator(Take()));
        releaser.Dispose();
        releaser.Dispose();
        Assert.False(lk.Locked);
    }

    [Fact]
    public void A_lock_is_bound_to_the_first_loop_that_waits_on_it()
    {
        var lk = new AsyncLock();
        IEnumerable<Yield> HoldThenWait()
        {
            yield return lk.Acquire();
            yield return lk.Acquire();
        }

        var first = EventLoop.CreateVirtual();
        CoroutineTask blocked = first.CreateTask(FromIterator(HoldThenWait()));
        first.CallLater(1, first.Stop);
        first.RunForever();
        Assert.False(blocked.Done);

        IEnumerable<Yield> Wait()
        {
            yield return lk.Acquire();
        }

        var second = EventLoop.CreateVirtual();
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => second.RunUntilComplete(FromIterator(Wait())));
        Assert.Contains("different event loop", error.Message);
    }

    private static IEnumerable<Yield> HeadWorker(string name, AsyncLock lk, List<string> trace)
    {
        bool acquired = false;
        try
        {
            yield return lk.Acquire();
            acquired = true;
        }
        finally
        {
            if (!acquired)
            {
                trace.Add($"{name} cancelled, locked={lk.Locked}");
            }
        }

        trace.Add($"{name} has it");
        lk.Release();
    }

    private static IEnumerable<Yield> HeadScenario(List<string> trace)
    {
        var lk = new AsyncLock();
        yield return lk.Acquire();
        CoroutineTask a = CreateTask(HeadWorker("a", lk, trace));
        CoroutineTask b = CreateTask(HeadWorker("b", lk, trace));
        yield return Sleep(0);
        a.Cancel();
        lk.Release();
        trace.Add($"cancelled a, then released: locked={lk.Locked}");
        yield return Sleep(0);
        trace.Add($"one iteration later: locked={lk.Locked} b done={b.Done}");
        yield return b;
        yield return Settle(a);
        trace.Add($"end, locked={lk.Locked}");
        Assert.Equal(0, lk.WaiterCount);
    }

    [Fact]
    public void Release_while_the_first_waiter_is_cancelled_reaches_the_next_waiter_through_it()
    {
        Scenario.Run(HeadScenario, out List<string> trace);
        PythonTwin.AssertMatches("lock_release_to_cancelled_head", trace);
    }
}
