using Coroutines.Internal;

namespace Coroutines.Runtime.Tests.Loop;

public class TimerHeapTests
{
    private sealed class Entry : TimerEntry
    {
        public Entry(int id) => Id = id;

        public int Id { get; }

        public override void Run()
        {
        }
    }

    [Fact]
    public void Pops_in_time_order_with_ties_in_insertion_order_across_random_inserts_and_cancels()
    {
        var random = new Random(1234);
        var heap = new TimerHeap();
        var live = new List<Entry>();
        for (int i = 0; i < 20_000; i++)
        {
            var entry = new Entry(i);
            heap.Add(entry, random.Next(0, 500));
            live.Add(entry);
            if (random.Next(3) == 0)
            {
                Entry victim = live[random.Next(live.Count)];
                heap.Cancel(victim);
                live.Remove(victim);
            }
        }

        var popped = new List<Entry>();
        while (heap.Peek() is not null)
        {
            popped.Add((Entry)heap.Pop());
        }

        Assert.Equal(live.OrderBy(e => e.When).ThenBy(e => e.Id).Select(e => e.Id), popped.Select(e => e.Id));
    }

    [Fact]
    public void A_million_cancelled_timers_do_not_keep_a_million_entries()
    {
        var heap = new TimerHeap();
        var keep = new Entry(-1);
        heap.Add(keep, 1e9);
        int maxCount = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            var entry = new Entry(i);
            heap.Add(entry, i);
            heap.Cancel(entry);
            maxCount = Math.Max(maxCount, heap.Count);
        }

        Assert.True(maxCount <= 130, $"heap held {maxCount} entries");
        Assert.Equal(1, heap.LiveCount);
        Assert.Same(keep, heap.Peek());
    }
}
