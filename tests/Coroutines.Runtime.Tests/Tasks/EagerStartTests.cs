using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Tasks;

/// <summary>
/// <c>CreateTask(coroutine, eagerStart: true)</c> is asyncio 3.14's <c>create_task(coro, eager_start=True)</c> (3.12's
/// eager task factory): the first step runs inside the call, up to the first real suspension, with the new task as the
/// current one. CPython 3.11 on this machine predates it, so these traces follow CPython 3.14's <c>Task.__eager_start</c>.
/// </summary>
public class EagerStartTests
{
    private static IEnumerable<Yield> Child(List<string> trace, string name, double delay)
    {
        trace.Add($"{name} starts, current={GetRunningLoop().CurrentTask?.Name}");
        yield return Sleep(delay);
        trace.Add($"{name} resumes");
    }

    private static IEnumerable<Yield<int>> Quick(List<string> trace)
    {
        trace.Add($"quick runs, current={GetRunningLoop().CurrentTask?.Name}");
        var done = GetRunningLoop().CreateFuture<int>();
        done.SetResult(41);
        yield return done;
        yield return Return(done.Result + 1);
    }

    private static IEnumerable<Yield> Failing()
    {
        throw new InvalidOperationException("failed before suspending");
#pragma warning disable CS0162 // a template must be an iterator
        yield break;
#pragma warning restore CS0162
    }

    [Fact]
    public void An_eager_task_runs_inside_CreateTask_up_to_its_first_suspension()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Main()
        {
            trace.Add("main before");
            var lazy = CreateTask(FromIterator(Child(trace, "lazy", 0.5)), "lazy");
            var eager = CreateTask(FromIterator(Child(trace, "eager", 0.5)), "eager", eagerStart: true);
            trace.Add($"main after, eager done={eager.Done}, current={GetRunningLoop().CurrentTask?.Name}");
            yield return Gather(lazy, eager);
        }

        var loop = EventLoop.CreateVirtual();
        loop.RunUntilComplete(loop.CreateTask(FromIterator(Main()), "main"));
        Assert.Equal(
            new[]
            {
                "main before",
                "eager starts, current=eager",
                "main after, eager done=False, current=main",
                "lazy starts, current=lazy",
                "eager resumes",
                "lazy resumes",
            },
            trace);
    }

    [Fact]
    public void An_eager_task_that_never_suspends_is_done_when_CreateTask_returns()
    {
        var trace = new List<string>();
        IEnumerable<Yield<string>> Main()
        {
            var quick = CreateTask(FromIterator(Quick(trace)), "quick", eagerStart: true);
            trace.Add($"created: done={quick.Done}, result={quick.Result}");
            var failing = CreateTask(FromIterator(Failing()), "failing", eagerStart: true);
            trace.Add($"failing: done={failing.Done}, {failing.Exception?.Message}");
            yield return default;
            yield return Return("ok");
        }

        Assert.Equal("ok", EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main())));
        Assert.Equal(new[] { "quick runs, current=quick", "created: done=True, result=42", "failing: done=True, failed before suspending" }, trace);
    }

    [Fact]
    public void Eager_start_on_a_loop_that_is_not_running_schedules_the_task_as_usual()
    {
        var trace = new List<string>();
        var loop = EventLoop.CreateVirtual();
        CoroutineTask task = loop.CreateTask(FromIterator(Child(trace, "early", 0)), "early", eagerStart: true);
        Assert.Empty(trace);
        loop.RunUntilComplete(task);
        Assert.Equal(new[] { "early starts, current=early", "early resumes" }, trace);
    }
}
