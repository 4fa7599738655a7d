using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Combinators;

public class TaskGroupTests
{
    private static IEnumerable<Yield> Sleeper(List<string> trace, string name, double delay)
    {
        try
        {
            yield return Sleep(delay);
            trace.Add($"{name} finished");
        }
        finally
        {
            trace.Add($"{name} finally");
        }
    }

    private static IEnumerable<Yield> Failer(List<string> trace, string name, double delay)
    {
        yield return Sleep(delay);
        trace.Add($"{name} raising");
        throw new ArgumentException(name);
    }

    private static IEnumerable<Yield> Body(List<string> trace, TaskGroup group)
    {
        group.CreateTask(FromIterator(Sleeper(trace, "sibling", 5)));
        group.CreateTask(FromIterator(Failer(trace, "boom1", 0.1)));
        group.CreateTask(FromIterator(Failer(trace, "boom2", 0.1)));
        try
        {
            yield return Sleep(10);
        }
        finally
        {
            trace.Add("body finally");
        }
    }

    private static IEnumerable<Yield> GroupScenario(List<string> trace)
    {
        var group = new TaskGroup();
        group.CreateTask(FromIterator(Sleeper(trace, "x", 0.2)));
        group.CreateTask(FromIterator(Sleeper(trace, "y", 0.1)));
        yield return group.Join();
        trace.Add("all finished");

        Future failing = TaskGroup.Run(g => FromIterator(Body(trace, g)));
        yield return Settle(failing);
        var error = (TaskGroupException)failing.Exception!;
        trace.Add($"group failed with [{string.Join(", ", error.InnerExceptions.Select(e => $"'{e.Message}'").Order(StringComparer.Ordinal))}]");
    }

    [Fact]
    public void A_child_failure_cancels_siblings_and_the_body_and_failures_come_together()
    {
        Scenario.Run(GroupScenario, out List<string> trace);
        PythonTwin.AssertMatches("taskgroup", trace);
    }

    [Fact]
    public void Cancelling_the_join_from_outside_cancels_every_member_and_ends_cancelled()
    {
        var trace = new List<string>();
        var loop = EventLoop.CreateVirtual();
        IEnumerable<Yield> Outer()
        {
            yield return TaskGroup.Run(g =>
            {
                g.CreateTask(FromIterator(Sleeper(trace, "child", 10)));
                return FromIterator(Sleeper(trace, "body", 10));
            });
        }

        CoroutineTask outer = loop.CreateTask(FromIterator(Outer()));
        loop.CallLater(1, () => outer.Cancel());
        Assert.Throws<CancelledException>(() => loop.RunUntilComplete(outer));
        Assert.Equal(new[] { "body finally", "child finally" }, trace);
    }

    [Fact]
    public void Run_returns_the_body_result_and_a_closed_group_refuses_new_tasks()
    {
        TaskGroup? captured = null;
        IEnumerable<Yield<int>> BodyWithResult(TaskGroup group)
        {
            captured = group;
            CoroutineTask<int> helper = group.CreateTask(FromIterator(Quick(20)));
            yield return helper;
            yield return Return(helper.Result + 1);
        }

        static IEnumerable<Yield<int>> Quick(int v)
        {
            yield return Sleep(0.1);
            yield return Return(v);
        }

        IEnumerable<Yield<int>> Main()
        {
            Future<int> run = TaskGroup.Run(g => FromIterator(BodyWithResult(g)));
            yield return run;
            yield return Return(run.Result);
        }

        Assert.Equal(21, EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main())));
        Assert.Throws<InvalidOperationException>(() => captured!.CreateTask(FromIterator(Quick(1))));
    }

    // TaskGroup.cancel() is asyncio 3.15 (gh-108951); CPython 3.11 here predates it, so these follow its documentation:
    // members not done are cancelled, then the body; the group ends without an error. Members are cancelled in creation
    // order (asyncio iterates a set, whose order it leaves unspecified).
    private static IEnumerable<Yield> Worker(List<string> trace, string name, double delay)
    {
        try
        {
            yield return Sleep(delay);
            trace.Add($"{name} finished");
        }
        finally
        {
            trace.Add($"{name} finally");
        }
    }

    private static IEnumerable<Yield> CancellingBody(List<string> trace, TaskGroup group)
    {
        group.CreateTask(FromIterator(Worker(trace, "a", 1)));
        group.CreateTask(FromIterator(Worker(trace, "b", 5)));
        group.CreateTask(FromIterator(Worker(trace, "c", 6)));
        try
        {
            yield return Sleep(2);
            group.Cancel();
            trace.Add("body goes on until its next suspension");
            yield return Sleep(1);
            trace.Add("never");
        }
        finally
        {
            trace.Add("body finally");
        }
    }

    [Fact]
    public void Cancel_ends_members_and_body_and_the_group_without_an_error()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Main()
        {
            Future group = TaskGroup.Run(g => FromIterator(CancellingBody(trace, g)));
            yield return Settle(group);
            trace.Add($"group: cancelled={group.Cancelled}, failed={group.Exception is not null}, at {GetRunningLoop().Time()}");
        }

        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main()));
        Assert.Equal(
            new[]
            {
                "a finished", "a finally", "body goes on until its next suspension",
                "b finally", "c finally", "body finally", "group: cancelled=False, failed=False, at 2",
            },
            trace);
    }

    [Fact]
    public void Cancel_from_a_member_is_idempotent_refuses_new_members_and_a_typed_body_without_a_result_ends_cancelled()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Stopper(TaskGroup group)
        {
            yield return Sleep(0.5);
            group.Cancel();
            group.Cancel();
            trace.Add($"create after cancel: {Assert.Throws<InvalidOperationException>(() => group.CreateTask(FromIterator(Worker(trace, "late", 1)))).Message}");
        }

        IEnumerable<Yield<int>> Body(TaskGroup group)
        {
            group.CreateTask(FromIterator(Stopper(group)));
            yield return Sleep(10);
            yield return Return(1);
        }

        IEnumerable<Yield> Main()
        {
            TaskGroup? kept = null;
            Future<int> group = TaskGroup.Run(g => FromIterator(Body(kept = g)));
            yield return Settle(group);
            trace.Add($"typed group cancelled={group.Cancelled}");
            kept!.Cancel();
            trace.Add("cancel after the group finished does nothing");
        }

        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main()));
        Assert.Equal(
            new[] { "create after cancel: TaskGroup is shutting down.", "typed group cancelled=True", "cancel after the group finished does nothing" },
            trace);
    }

    [Fact]
    public void A_typed_body_that_returns_right_after_Cancel_keeps_its_result()
    {
        IEnumerable<Yield<string>> Body(TaskGroup group)
        {
            group.CreateTask(FromIterator(Worker(new List<string>(), "slow", 10)));
            yield return Sleep(1);
            group.Cancel();
            yield return Return("found it");
        }

        IEnumerable<Yield<string>> Main()
        {
            var group = TaskGroup.Run(g => FromIterator(Body(g)));
            yield return group;
            yield return Return(group.Result);
        }

        Assert.Equal("found it", EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main())));
    }
}
