using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Tasks;

public class CancellationTests
{
    private static IEnumerable<Yield> Inner(List<string> trace)
    {
        try
        {
            trace.Add("inner sleeping");
            yield return Sleep(10);
            trace.Add("inner woke (never)");
        }
        finally
        {
            trace.Add("inner finally");
        }
    }

    private static IEnumerable<Yield> Outer(List<string> trace)
    {
        try
        {
            yield return FromIterator(Inner(trace));
        }
        finally
        {
            trace.Add("outer finally");
        }
    }

    private static IEnumerable<Yield> CancelScenario(List<string> trace)
    {
        CoroutineTask t = CreateTask(Outer(trace));
        yield return Sleep(1);
        trace.Add($"cancel returned {t.Cancel("stop it")}");
        trace.Add($"after cancel: done={t.Done} cancelling={t.Cancelling()}");
        yield return Sleep(0);
        trace.Add($"one iteration later: done={t.Done}");
        yield return Settle(t);
        try
        {
            t.GetResult();
        }
        catch (CancelledException e)
        {
            trace.Add($"awaiting it raised CancelledError({e.Message})");
        }

        trace.Add($"cancelled={t.Cancelled} cancel again returned {t.Cancel()}");
    }

    [Fact]
    public void Cancel_unwinds_at_the_suspension_point_in_asyncio_order()
    {
        Scenario.Run(CancelScenario, out List<string> trace);
        PythonTwin.AssertMatches("cancellation", trace);
    }

    private static IEnumerable<Yield> Child(List<string> trace)
    {
        try
        {
            yield return Sleep(10);
        }
        finally
        {
            trace.Add("child finally");
        }
    }

    private static IEnumerable<Yield> Parent(List<string> trace, CoroutineTask child)
    {
        try
        {
            yield return child;
        }
        finally
        {
            trace.Add($"parent finally (child cancelled={child.Cancelled})");
        }
    }

    private static IEnumerable<Yield> CancelWaitingParent(List<string> trace)
    {
        CoroutineTask c = CreateTask(Child(trace));
        CoroutineTask p = CreateTask(Parent(trace, c));
        yield return Sleep(1);
        p.Cancel();
        trace.Add($"cancel requested: child done={c.Done} parent done={p.Done}");
        for (int i = 1; i <= 3; i++)
        {
            yield return Sleep(0);
            trace.Add($"iteration {i}: child done={c.Done} parent done={p.Done}");
        }

        trace.Add($"child cancelled={c.Cancelled} parent cancelled={p.Cancelled}");
    }

    [Fact]
    public void Cancelling_a_task_that_awaits_another_task_cancels_the_inner_one_first()
    {
        Scenario.Run(CancelWaitingParent, out List<string> trace);
        PythonTwin.AssertMatches("cancel_waiting_on_task", trace);
    }

    [Fact]
    public void Cancelling_a_task_that_gave_way_raises_at_that_yield_on_its_next_step()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Body()
        {
            try
            {
                trace.Add("step 1");
                yield return default;
                trace.Add("step 2 (never)");
            }
            finally
            {
                trace.Add("finally");
            }
        }

        var loop = EventLoop.CreateVirtual();
        CoroutineTask task = loop.CreateTask(FromIterator(Body()));
        loop.CallSoon(() => task.Cancel("now"));
        CancelledException error = Assert.Throws<CancelledException>(() => loop.RunUntilComplete(task));
        Assert.Equal("now", error.Message);
        Assert.Equal(new[] { "step 1", "finally" }, trace);
    }

    [Fact]
    public void A_task_that_cancels_itself_unwinds_at_its_next_suspension()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Body()
        {
            try
            {
                GetRunningLoop().CurrentTask!.Cancel("self");
                trace.Add("keeps running until it suspends");
                yield return Sleep(5);
                trace.Add("never");
            }
            finally
            {
                trace.Add("finally");
            }
        }

        var loop = EventLoop.CreateVirtual();
        CoroutineTask task = loop.CreateTask(FromIterator(Body()));
        Assert.Throws<CancelledException>(() => loop.RunUntilComplete(task));
        Assert.Equal(new[] { "keeps running until it suspends", "finally" }, trace);
        Assert.Equal(0, loop.Time());
    }

    [Fact]
    public void Cancelling_before_the_first_step_runs_no_user_code()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Body()
        {
            try
            {
                trace.Add("started");
                yield return Sleep(1);
            }
            finally
            {
                trace.Add("finally");
            }
        }

        var loop = EventLoop.CreateVirtual();
        CoroutineTask task = loop.CreateTask(FromIterator(Body()));
        Assert.True(task.Cancel());
        Assert.Throws<CancelledException>(() => loop.RunUntilComplete(task));
        Assert.True(task.Cancelled);
        Assert.Empty(trace);
    }

    [Fact]
    public void Cancelling_a_task_that_awaits_a_future_cancels_the_future_first()
    {
        var loop = EventLoop.CreateVirtual();
        Future<int> future = loop.CreateFuture<int>();
        IEnumerable<Yield> Waiter()
        {
            yield return future;
        }

        CoroutineTask task = loop.CreateTask(FromIterator(Waiter()));
        loop.CallLater(1, () => task.Cancel("enough"));
        CancelledException error = Assert.Throws<CancelledException>(() => loop.RunUntilComplete(task));
        Assert.Equal("enough", error.Message);
        Assert.True(future.Cancelled);
        Assert.True(task.Cancelled);
    }

    [Fact]
    public void Settle_does_not_stop_the_waiting_tasks_own_cancellation()
    {
        var loop = EventLoop.CreateVirtual();
        var trace = new List<string>();
        Future<int> future = loop.CreateFuture<int>();
        IEnumerable<Yield> Waiter()
        {
            yield return Settle(future);
            trace.Add("after settle (never)");
        }

        CoroutineTask task = loop.CreateTask(FromIterator(Waiter()));
        loop.CallLater(1, () => task.Cancel());
        Assert.Throws<CancelledException>(() => loop.RunUntilComplete(task));
        Assert.Empty(trace);
    }

    [Fact]
    public void Uncancel_takes_back_a_request_and_cancel_on_a_finished_task_returns_false()
    {
        var loop = EventLoop.CreateVirtual();
        IEnumerable<Yield> Quick()
        {
            yield return Sleep(1);
        }

        CoroutineTask task = loop.CreateTask(FromIterator(Quick()));
        loop.RunUntilComplete(task);
        Assert.False(task.Cancel());
        Assert.Equal(0, task.Cancelling());

        CoroutineTask second = loop.CreateTask(FromIterator(Quick()));
        second.Cancel();
        second.Cancel();
        Assert.Equal(2, second.Cancelling());
        Assert.Equal(1, second.Uncancel());
        Assert.Throws<CancelledException>(() => loop.RunUntilComplete(second));
    }

    [Fact]
    public void A_task_waiting_on_a_Task_stops_waiting_when_cancelled()
    {
        var loop = EventLoop.CreateVirtual();
        var never = new TaskCompletionSource<int>();
        IEnumerable<Yield> Waiter()
        {
            yield return never.Task;
        }

        CoroutineTask task = loop.CreateTask(FromIterator(Waiter()));
        loop.CallSoon(() => loop.CallSoon(() => task.Cancel()));
        Assert.Throws<CancelledException>(() => loop.RunUntilComplete(task));
        never.SetResult(1);
    }

    [Fact]
    public void Sleeping_tasks_cancelled_in_bulk_leave_no_timer_residue()
    {
        var loop = EventLoop.CreateVirtual();
        IEnumerable<Yield> LongSleep()
        {
            yield return Sleep(1000);
        }

        var tasks = new List<CoroutineTask>();
        for (int i = 0; i < 10_000; i++)
        {
            tasks.Add(loop.CreateTask(FromIterator(LongSleep())));
        }

        loop.CallSoon(() => loop.CallSoon(() =>
        {
            foreach (CoroutineTask t in tasks)
            {
                t.Cancel();
            }
        }));
        loop.CallLater(1, loop.Stop);
        loop.RunForever();
        Assert.All(tasks, t => Assert.True(t.Cancelled));
        Assert.True(loop.TimerHeapCount <= 64, $"{loop.TimerHeapCount} timer entries left behind");
    }
}
