using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Loop;

public class SchedulingOrderTests
{
    private static IEnumerable<Yield> Worker(string name, List<string> trace, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            trace.Add($"{name} step {i}");
            yield return Sleep(0);
        }

        trace.Add($"{name} done");
    }

    private static IEnumerable<Yield> Sleeper(List<string> trace)
    {
        trace.Add("sleeper start");
        yield return Sleep(0.1);
        trace.Add("sleeper woke");
    }

    private static IEnumerable<Yield> MainScenario(List<string> trace)
    {
        EventLoop loop = GetRunningLoop();
        loop.CallLater(0.1, () => trace.Add("call_later 0.1 (registered before sleeper)"));
        CoroutineTask a = CreateTask(Worker("a", trace, 2));
        CoroutineTask s = CreateTask(Sleeper(trace));
        loop.CallSoon(() => trace.Add("call_soon 1"));
        CoroutineTask b = CreateTask(Worker("b", trace, 2));
        loop.CallSoon(() => trace.Add("call_soon 2"));
        yield return Sleep(0.05);
        loop.CallLater(0.05, () => trace.Add("call_later 0.05 from t=0.05"));
        yield return a;
        yield return b;
        yield return s;
        yield return Sleep(0.2);
    }

    [Fact]
    public void Ready_callbacks_timers_and_task_steps_interleave_as_in_asyncio()
    {
        Scenario.Run(MainScenario, out List<string> trace);
        PythonTwin.AssertMatches("scheduling_order", trace);
    }

    [Fact]
    public void Callbacks_scheduled_during_an_iteration_run_in_the_next_one()
    {
        var loop = EventLoop.CreateVirtual();
        var trace = new List<string>();
        loop.CallSoon(() =>
        {
            trace.Add("first");
            loop.CallSoon(() =>
            {
                trace.Add("scheduled by first");
                loop.Stop();
            });
        });
        loop.CallSoon(() => trace.Add("second"));
        loop.RunForever();
        Assert.Equal(new[] { "first", "second", "scheduled by first" }, trace);
    }

    [Fact]
    public void Stop_lets_the_current_iteration_finish_and_keeps_later_callbacks_for_the_next_run()
    {
        var loop = EventLoop.CreateVirtual();
        var trace = new List<string>();
        loop.CallSoon(() =>
        {
            trace.Add("a");
            loop.Stop();
            loop.CallSoon(() => trace.Add("next run"));
        });
        loop.CallSoon(() => trace.Add("b"));
        loop.RunForever();
        Assert.Equal(new[] { "a", "b" }, trace);
        loop.CallSoon(loop.Stop);
        loop.RunForever();
        Assert.Equal(new[] { "a", "b", "next run" }, trace);
    }

    [Fact]
    public void Timers_due_at_the_same_time_run_in_the_order_they_were_scheduled()
    {
        var loop = EventLoop.CreateVirtual();
        var trace = new List<int>();
        for (int i = 0; i < 50; i++)
        {
            int n = i;
            loop.CallAt(1.0 + (i % 3), () => trace.Add(n));
        }

        loop.CallAt(4, loop.Stop);
        loop.RunForever();
        int[] expected = Enumerable.Range(0, 50).OrderBy(i => i % 3).ThenBy(i => i).ToArray();
        Assert.Equal(expected, trace);
        Assert.Equal(4.0, loop.Time(), 9);
    }

    [Fact]
    public void Virtual_time_jumps_to_the_next_timer_so_an_hour_of_sleep_takes_no_wall_time()
    {
        static IEnumerable<Yield<double>> SleepAnHour()
        {
            yield return Sleep(3600);
            yield return Sleep(TimeSpan.FromMinutes(30));
            yield return Return(GetRunningLoop().Time());
        }

        var loop = EventLoop.CreateVirtual();
        double finishedAt = loop.RunUntilComplete(FromIterator(SleepAnHour()));
        Assert.Equal(5400.0, finishedAt, 6);
    }

    [Fact]
    public void A_virtual_loop_with_nothing_left_to_wake_it_reports_a_deadlock()
    {
        var loop = EventLoop.CreateVirtual();
        Future<int> never = loop.CreateFuture<int>();
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => loop.RunUntilComplete(never));
        Assert.Contains("Deadlock", error.Message);
    }

    [Fact]
    public void A_cancelled_handle_does_not_run()
    {
        var loop = EventLoop.CreateVirtual();
        var trace = new List<string>();
        Handle soon = loop.CallSoon(() => trace.Add("soon"));
        TimerHandle later = loop.CallLater(1, () => trace.Add("later"));
        loop.CallLater(0.5, () => later.Cancel());
        soon.Cancel();
        loop.CallLater(2, loop.Stop);
        loop.RunForever();
        Assert.Empty(trace);
        Assert.True(soon.Cancelled);
        Assert.True(later.Cancelled);
    }

    [Fact]
    public void A_timer_cancelled_after_it_became_due_but_before_it_ran_does_not_run()
    {
        var loop = EventLoop.CreateVirtual();
        var trace = new List<string>();
        TimerHandle? second = null;
        loop.CallLater(1, () =>
        {
            trace.Add("first");
            second!.Cancel();
        });
        second = loop.CallLater(1, () => trace.Add("second"));
        loop.CallLater(2, loop.Stop);
        loop.RunForever();
        Assert.Equal(new[] { "first" }, trace);
    }
}
