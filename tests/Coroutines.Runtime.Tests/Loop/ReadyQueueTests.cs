using Coroutines.Internal;

namespace Coroutines.Runtime.Tests.Loop;

public class ReadyQueueTests
{
    private sealed class Item(int id) : IRunnable
    {
        public int Id { get; } = id;

        public void Run()
        {
        }
    }

    [Fact]
    public void A_drained_burst_gives_its_slots_back_and_keeps_what_is_still_queued_in_order()
    {
        var queue = new ReadyQueue();
        for (int i = 0; i < 100_000; i++)
        {
            queue.Enqueue(new Item(i));
        }

        int grown = queue.Capacity;
        for (int i = 0; i < 99_990; i++)
        {
            queue.Dequeue();
        }

        // Wrap the ring so the kept items straddle its end.
        for (int i = 100_000; i < 100_005; i++)
        {
            queue.Enqueue(new Item(i));
        }

        queue.TrimAfterBurst();
        Assert.True(grown >= 100_000);
        Assert.Equal(1024, queue.Capacity);
        var ids = new List<int>();
        while (queue.Count > 0)
        {
            ids.Add(((Item)queue.Dequeue()).Id);
        }

        Assert.Equal(Enumerable.Range(99_990, 15), ids);
    }

    [Fact]
    public void A_queue_still_holding_a_quarter_of_its_slots_is_not_trimmed()
    {
        var queue = new ReadyQueue();
        for (int i = 0; i < 3000; i++)
        {
            queue.Enqueue(new Item(i));
        }

        int capacity = queue.Capacity;
        for (int i = 0; i < 1500; i++)
        {
            queue.Dequeue();
        }

        queue.TrimAfterBurst();
        Assert.Equal(capacity, queue.Capacity);
    }
}
