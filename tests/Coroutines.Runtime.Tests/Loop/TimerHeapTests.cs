using Coroutines.Internal;

namespace Coroutines.Runtime.Tests.Loop;

public class TimerHeapTests
{
    private sealed class Target : ITimerTarget
    {
        public Target(int id, double when)
        {
            Id = id;
            When = when;
        }

        public int Id { get; }

        public double When { get; }

        public bool Cancelled { get; set; }

        public bool IsTimerLive(int token) => !Cancelled;

        public void OnTimerDue(EventLoop loop)
        {
        }
    }

    private static void Cancel(TimerHeap heap, Target target)
    {
        target.Cancelled = true;
        heap.NoteCancelled();
    }

    private static List<Target> Drain(TimerHeap heap)
    {
        var popped = new List<Target>();
        while (heap.TryPeek(out _))
        {
            popped.Add((Target)heap.Pop());
        }

        return popped;
    }

    [Fact]
    public void Pops_in_time_order_with_ties_in_insertion_order_across_random_inserts_and_cancels()
    {
        var random = new Random(1234);
        var heap = new TimerHeap();
        var live = new List<Target>();
        for (int i = 0; i < 20_000; i++)
        {
            var target = new Target(i, random.Next(0, 500));
            heap.Add(target, target.When);
            live.Add(target);
            if (random.Next(3) == 0)
            {
                Target victim = live[random.Next(live.Count)];
                Cancel(heap, victim);
                live.Remove(victim);
            }
        }

        Assert.Equal(live.OrderBy(t => t.When).ThenBy(t => t.Id).Select(t => t.Id), Drain(heap).Select(t => t.Id));
        Assert.Equal(0, heap.Count);
    }

    [Fact]
    public void Ties_stay_in_insertion_order_when_the_sequence_numbers_wrap()
    {
        var heap = new TimerHeap(firstSequence: int.MaxValue - 3);
        var targets = Enumerable.Range(0, 8).Select(i => new Target(i, 1.0)).ToList();
        foreach (Target target in targets)
        {
            heap.Add(target, target.When);
        }

        Assert.Equal(targets.Select(t => t.Id), Drain(heap).Select(t => t.Id));
    }

    [Fact]
    public void A_million_cancelled_timers_do_not_keep_a_million_nodes()
    {
        var heap = new TimerHeap();
        var keep = new Target(-1, 1e9);
        heap.Add(keep, keep.When);
        int maxCount = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            var target = new Target(i, i);
            heap.Add(target, i);
            Cancel(heap, target);
            maxCount = Math.Max(maxCount, heap.Count);
        }

        Assert.True(maxCount <= 130, $"heap held {maxCount} nodes");
        Assert.Equal(1, heap.LiveCount);
        Assert.Equal(new[] { keep }, Drain(heap));
    }

    [Fact]
    public void A_cancelled_sleep_in_a_heap_of_live_timers_is_dropped_when_it_reaches_the_top()
    {
        var loop = EventLoop.CreateVirtual();
        var trace = new List<string>();
        IEnumerable<Yield> Sleeper()
        {
            yield return Co.Sleep(1);
            trace.Add("woke (never)");
        }

        CoroutineTask sleeper = loop.CreateTask(Co.FromIterator(Sleeper()));
        loop.CallLater(0.5, () => sleeper.Cancel());
        loop.CallLater(2, () => trace.Add("timer at 2"));
        loop.CallLater(3, loop.Stop);
        loop.RunForever();
        Assert.Equal(new[] { "timer at 2" }, trace);
        Assert.Equal(0, loop.TimerHeapCount);
    }
}
