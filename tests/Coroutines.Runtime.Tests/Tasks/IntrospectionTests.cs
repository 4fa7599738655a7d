using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Tasks;

public class IntrospectionTests
{
    private static IEnumerable<Yield> Waits()
    {
        yield return Sleep(0.5);
    }

    [Fact]
    public void GetStack_shows_each_suspended_frame_outermost_first_and_the_awaited_leaf()
    {
        var loop = EventLoop.CreateVirtual();
        var leaf = new LocatedCoroutine("Leaf", 30, Waits());
        var middle = new LocatedCoroutine("Middle", 20, Yielding(leaf));
        var outer = new LocatedCoroutine("Outer", 10, Yielding(middle));
        CoroutineTask task = loop.CreateTask(outer, "worker");
        IReadOnlyList<CoroutineFrame>? stack = null;
        string? repr = null;
        loop.CallLater(0.1, () =>
        {
            stack = task.GetStack();
            repr = task.ToString();
        });
        loop.RunUntilComplete(task);
        Assert.Equal(
            new[] { "Outer() at /src/Demo.cs:10", "Middle() at /src/Demo.cs:20", "Leaf() at /src/Demo.cs:30", "Sleep(0.5)" },
            stack!.Select(f => f.ToString()));
        Assert.Equal("<CoroutineTask pending name='worker' coro=<coroutine Outer() running at /src/Demo.cs:10>>", repr);
        Assert.Empty(task.GetStack());
    }

    [Fact]
    public void A_chain_of_100000_inline_frames_runs_shows_its_stack_and_keeps_the_root_as_its_coroutine()
    {
        var loop = EventLoop.CreateVirtual();
        Coroutine chain = new LocatedCoroutine("Leaf", 3, Waits());
        for (int i = 0; i < 100_000; i++)
        {
            chain = new LocatedCoroutine(i == 99_999 ? "Root" : "Link", 2, Yielding(chain));
        }

        CoroutineTask task = loop.CreateTask(chain);
        int depth = 0;
        Coroutine? root = null;
        loop.CallLater(0.1, () =>
        {
            depth = task.GetStack().Count;
            root = task.GetCoro();
        });
        loop.RunUntilComplete(task);
        Assert.Equal(100_002, depth);
        Assert.Same(chain, root);
        Assert.Same(chain, task.GetCoro());
        Assert.True(task.Done && !task.Cancelled && task.Exception is null);
    }

    private static IEnumerable<Yield> Yielding(Coroutine child)
    {
        yield return child;
    }

    [Fact]
    public void Task_names_count_up_and_repr_shows_result_or_exception()
    {
        var loop = EventLoop.CreateVirtual();
        static IEnumerable<Yield<int>> FortyTwo()
        {
            yield return Return(42);
        }

        static IEnumerable<Yield> Fails()
        {
            yield return Sleep(0);
            throw new InvalidDataException("bad");
        }

        CoroutineTask<int> first = loop.CreateTask(FromIterator(FortyTwo()));
        CoroutineTask second = loop.CreateTask(FromIterator(Fails()));
        int n1 = int.Parse(first.Name.Split('-')[1]);
        int n2 = int.Parse(second.Name.Split('-')[1]);
        Assert.True(n2 > n1, $"{n2} after {n1}"); // process-wide: tests running in parallel take numbers in between
        loop.RunUntilComplete(first);
        Assert.Throws<InvalidDataException>(() => loop.RunUntilComplete(second));
        Assert.Equal($"<CoroutineTask finished name='{first.Name}' coro=<coroutine FortyTwo() done> result=42>", first.ToString());
        Assert.Equal($"<CoroutineTask finished name='{second.Name}' coro=<coroutine Fails() done> exception=InvalidDataException('bad')>", second.ToString());
        Assert.Empty(loop.AllTasks());
    }

    [Fact]
    public void CurrentTask_and_AllTasks_see_the_running_task()
    {
        var loop = EventLoop.CreateVirtual();
        var seen = new List<CoroutineTask?>();
        int pending = 0;
        IEnumerable<Yield> Body()
        {
            seen.Add(GetRunningLoop().CurrentTask);
            pending = GetRunningLoop().AllTasks().Count;
            yield return Sleep(0);
        }

        CoroutineTask task = loop.CreateTask(FromIterator(Body()));
        CoroutineTask other = loop.CreateTask(FromIterator(Body()));
        loop.RunUntilComplete(other);
        Assert.Equal(new[] { task, other }, seen);
        Assert.Equal(2, pending);
        Assert.Null(loop.CurrentTask);
    }
}
