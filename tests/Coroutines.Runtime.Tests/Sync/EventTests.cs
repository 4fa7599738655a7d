using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Sync;

public class EventTests
{
    private static IEnumerable<Yield> Waiter(string name, AsyncEvent evt, List<string> trace)
    {
        trace.Add($"{name} waits");
        try
        {
            yield return evt.Wait();
        }
        finally
        {
            trace.Add($"{name} leaves, set={evt.IsSet}");
        }

        trace.Add($"{name} woke");
    }

    private static IEnumerable<Yield> SetScenario(List<string> trace)
    {
        var evt = new AsyncEvent();
        var tasks = new List<CoroutineTask>();
        foreach (string name in new[] { "a", "b", "c" })
        {
            tasks.Add(CreateTask(Waiter(name, evt, trace)));
        }

        yield return Sleep(0);
        tasks[1].Cancel();
        yield return Sleep(0);
        trace.Add("b cancelled");
        Assert.Equal(2, evt.WaiterCount);
        evt.Set();
        evt.Clear();
        trace.Add($"set then cleared, set={evt.IsSet}");
        CoroutineTask late = CreateTask(Waiter("late", evt, trace));
        foreach (CoroutineTask t in tasks)
        {
            yield return Settle(t);
            if (t.Cancelled)
            {
                trace.Add("b was cancelled");
            }
        }

        trace.Add($"late done={late.Done}");
        evt.Set();
        yield return late;
        trace.Add("already set: no suspension");
        EventLoop loop = GetRunningLoop();
        bool callbackRan = false;
        loop.CallSoon(() => callbackRan = true);
        yield return evt.Wait();
        Assert.False(callbackRan);
        trace.Add("end");
        Assert.Equal(0, evt.WaiterCount);
    }

    [Fact]
    public void Set_wakes_every_waiter_in_order_and_a_cancelled_waiter_leaves_no_trace()
    {
        Scenario.Run(SetScenario, out List<string> trace);
        PythonTwin.AssertMatches("event_set_wakes_all", trace);
    }

    [Fact]
    public void A_cancelled_event_waiter_does_not_take_the_wakeup_of_the_others()
    {
        var loop = EventLoop.CreateVirtual();
        var evt = new AsyncEvent();
        int woke = 0;
        IEnumerable<Yield> Wait()
        {
            yield return evt.Wait();
            woke++;
        }

        var tasks = Enumerable.Range(0, 10).Select(_ => loop.CreateTask(FromIterator(Wait()))).ToList();
        loop.CallLater(1, () =>
        {
            evt.Set();
            tasks[0].Cancel();
            tasks[9].Cancel();
        });
        loop.CallLater(2, loop.Stop);
        loop.RunForever();
        Assert.Equal(8, woke);
        Assert.True(tasks[0].Cancelled && tasks[9].Cancelled);
        Assert.Equal(0, evt.WaiterCount);
    }
}
