using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Tasks;

/// <summary>
/// Tasks awaiting each other in a cycle, or in a chain too deep for the stack: cancelling one ends them all cancelled,
/// with no recursion to overflow (CPython raises RecursionError here; before, this process died of a stack overflow).
/// </summary>
public class CancellationCycleTests
{
    private sealed class Ring
    {
        public readonly List<CoroutineTask> Tasks = new();
        public int Unwound;
    }

    private static IEnumerable<Yield> Link(Ring ring, int index, bool cycle)
    {
        try
        {
            yield return Sleep(0);
            if (cycle || index + 1 < ring.Tasks.Count)
            {
                yield return ring.Tasks[(index + 1) % ring.Tasks.Count];
            }
            else
            {
                yield return Sleep(3600);
            }
        }
        finally
        {
            ring.Unwound++;
        }
    }

    private static Ring Start(int length, bool cycle)
    {
        var ring = new Ring();
        for (var i = 0; i < length; i++)
        {
            ring.Tasks.Add(CreateTask(FromIterator(Link(ring, i, cycle))));
        }

        return ring;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1_000)]
    public void Cancelling_one_task_of_a_cycle_ends_every_task_cancelled(int length)
    {
        Ring? ring = null;
        IEnumerable<Yield<string>> Main()
        {
            ring = Start(length, cycle: true);
            yield return Sleep(1);
            ring.Tasks[length / 2].Cancel();
            yield return Gather(ring.Tasks, returnExceptions: true);
            yield return Return($"{ring.Tasks.Count(t => t.Cancelled)} cancelled, {ring.Unwound} unwound at {GetRunningLoop().Time()}");
        }

        Assert.Equal($"{length} cancelled, {length} unwound at 1", EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main())));
        Assert.All(ring!.Tasks, task => Assert.Equal(1, task.Cancelling()));
    }

    [Fact]
    public void A_cycle_left_running_when_Run_ends_is_cancelled_like_any_leftover()
    {
        Ring? ring = null;
        IEnumerable<Yield> Main()
        {
            ring = Start(2, cycle: true);
            yield return Sleep(0.01);
        }

        Run(FromIterator(Main()));

        Assert.All(ring!.Tasks, task => Assert.True(task.Cancelled));
        Assert.Equal(2, ring.Unwound);
    }

    [Fact]
    public void A_WaitFor_timeout_on_a_task_of_a_cycle_raises_TimeoutException_and_unwinds_the_cycle()
    {
        IEnumerable<Yield<string>> Main()
        {
            var ring = Start(3, cycle: true);
            var waited = WaitFor(ring.Tasks[0], 5);
            yield return Settle(waited);
            yield return Gather(ring.Tasks, returnExceptions: true);
            yield return Return($"{waited.Exception?.GetType().Name}; {ring.Tasks.Count(t => t.Cancelled)} cancelled at {GetRunningLoop().Time()}");
        }

        Assert.Equal("TimeoutException; 3 cancelled at 5", EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main())));
    }

    [Fact]
    public void A_chain_of_awaiting_tasks_deeper_than_the_stack_is_cancelled_without_overflowing()
    {
        const int Depth = 200_000;
        IEnumerable<Yield<string>> Main()
        {
            var chain = Start(Depth, cycle: false);
            yield return Sleep(1);
            chain.Tasks[0].Cancel();
            yield return Gather(chain.Tasks, returnExceptions: true);
            yield return Return($"{chain.Tasks.Count(t => t.Cancelled)} cancelled, {chain.Unwound} unwound");
        }

        Assert.Equal($"{Depth} cancelled, {Depth} unwound", EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main())));
    }
}
