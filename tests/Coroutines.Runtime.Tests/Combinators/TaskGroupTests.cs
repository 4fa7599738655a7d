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
}
