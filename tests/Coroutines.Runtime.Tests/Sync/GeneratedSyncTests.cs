using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Sync;

/// <summary>The primitives from generated <c>[Coroutine]</c> templates: the using-shape and cancellation unwinding.</summary>
public partial class GeneratedSyncTests
{
    [Coroutine]
    private static IEnumerable<Yield> Worker(string name, AsyncLock lk, AsyncQueue<string> q, List<string> trace)
    {
        yield return lk.Acquire();
        using (lk.Releaser())
        {
            trace.Add($"{name} has the lock");
            Coroutine<string> get = q.Get();
            yield return get;
            trace.Add($"{name} got {get.Result}");
        }
    }

    [Fact]
    public void Generated_templates_hold_and_release_through_the_using_shape_also_when_cancelled()
    {
        var loop = EventLoop.CreateVirtual();
        var lk = new AsyncLock();
        var q = new AsyncQueue<string>();
        var trace = new List<string>();
        CoroutineTask a = loop.CreateTask(WorkerAsync("a", lk, q, trace));
        CoroutineTask b = loop.CreateTask(WorkerAsync("b", lk, q, trace));
        CoroutineTask c = loop.CreateTask(WorkerAsync("c", lk, q, trace));
        loop.CallLater(1, () =>
        {
            trace.Add($"cancel a holding the lock, waiters={lk.WaiterCount}");
            a.Cancel();
        });
        loop.CallLater(2, () => b.Cancel());
        loop.CallLater(3, () => q.PutNowait("item"));
        loop.RunUntilComplete(c);
        Assert.Equal(
            new[]
            {
                "a has the lock",
                "cancel a holding the lock, waiters=2",
                "b has the lock",
                "c has the lock",
                "c got item",
            },
            trace);
        Assert.True(a.Cancelled && b.Cancelled);
        Assert.False(lk.Locked);
        Assert.Equal(0, lk.WaiterCount);
        Assert.Equal(0, q.GetterCount);
    }
}
