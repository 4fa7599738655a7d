using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Sync;

/// <summary>
/// 10,000 tasks with random timing and random cancellations (seeded, so a failure reproduces). A lost wake-up
/// shows up as a deadlock (the virtual loop throws), a leaked unit or waiter as a wrong count at the end.
/// </summary>
public class StressTests
{
    private const int TaskCount = 10_000;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(3, 64)]
    public void Semaphore_under_random_cancellation_never_exceeds_its_value_and_loses_no_unit(int seed, int capacity)
    {
        var random = new Random(seed);
        var loop = EventLoop.CreateVirtual();
        var sem = new AsyncSemaphore(capacity);
        int holders = 0;
        int maxHolders = 0;
        int completed = 0;
        int handedThenCancelled = 0;
        var waiting = new LinkedList<CoroutineTask>();

        IEnumerable<Yield> Worker(double arrival, double hold, bool giveWayFirst)
        {
            yield return Sleep(arrival);
            if (giveWayFirst)
            {
                yield return Sleep(0);
            }

            LinkedListNode<CoroutineTask> node = waiting.AddLast(GetRunningLoop().CurrentTask!);
            try
            {
                yield return sem.Acquire();
            }
            finally
            {
                waiting.Remove(node);
            }

            using (sem.Releaser())
            {
                holders++;
                maxHolders = Math.Max(maxHolders, holders);
                Assert.True(holders <= capacity, $"{holders} holders of a semaphore of {capacity}");
                try
                {
                    yield return hold > 0 ? Sleep(hold) : Sleep(0);
                }
                finally
                {
                    holders--;
                }
            }

            // Cancel the oldest waiter now and then: the unit this release just handed it must go on to the next.
            if (waiting.First is { } oldest && random.Next(3) == 0 && oldest.Value.Cancel())
            {
                handedThenCancelled++;
            }

            completed++;
        }

        var tasks = new List<CoroutineTask>(TaskCount);
        for (int i = 0; i < TaskCount; i++)
        {
            double arrival = random.Next(0, 50) * 0.01;
            double hold = random.Next(0, 4) * 0.005;
            tasks.Add(loop.CreateTask(FromIterator(Worker(arrival, hold, random.Next(2) == 0))));
        }

        // Cancellations land at random times: on queued waiters, on holders, on tasks just handed a unit.
        int cancelled = 0;
        for (int i = 0; i < TaskCount / 4; i++)
        {
            CoroutineTask victim = tasks[random.Next(TaskCount)];
            loop.CallLater(random.Next(0, 600) * 0.001, () =>
            {
                if (victim.Cancel())
                {
                    cancelled++;
                }
            });
        }

        IEnumerable<Yield> Main()
        {
            foreach (CoroutineTask t in tasks)
            {
                yield return Settle(t);
            }
        }

        loop.RunUntilComplete(FromIterator(Main()));
        Assert.All(tasks, t => Assert.True(t.Done));
        Assert.Equal(TaskCount, completed + tasks.Count(t => t.Cancelled));
        Assert.DoesNotContain(tasks, t => !t.Cancelled && t.Exception is not null);
        Assert.True(cancelled > TaskCount / 10, $"only {cancelled} cancellations landed");
        Assert.True(completed > TaskCount / 2, $"only {completed} completed");
        Assert.True(handedThenCancelled > 100, $"only {handedThenCancelled} woken waiters were cancelled");
        Assert.Equal(capacity, maxHolders);
        Assert.Equal(0, holders);
        Assert.Equal(capacity, sem.Value);
        Assert.Equal(0, sem.WaiterCount);
        Assert.False(sem.Locked);
    }

    [Theory]
    [InlineData(11, 0, true)]
    [InlineData(12, 5, true)]
    [InlineData(13, 5, false)]
    [InlineData(14, 1, false)]
    public void Queue_under_random_cancellation_loses_and_duplicates_no_item_and_strands_no_waiter(int seed, int maxSize, bool consumersFirst)
    {
        var random = new Random(seed);
        var loop = EventLoop.CreateVirtual();
        var q = new AsyncQueue<int>(maxSize);
        var put = new HashSet<int>();
        var got = new List<int>();
        var waitingGetters = new LinkedList<CoroutineTask>();
        var waitingPutters = new LinkedList<CoroutineTask>();
        int wokenThenCancelled = 0;

        void CancelOldest(LinkedList<CoroutineTask> waiters)
        {
            if (waiters.First is { } oldest && random.Next(3) == 0 && oldest.Value.Cancel())
            {
                wokenThenCancelled++;
            }
        }

        // One item per producer and one get per consumer, and one side arrives (and parks) before the other: every
        // item or free slot then travels by wake-up, and a lost one strands a task that no later arrival revives.
        IEnumerable<Yield> Producer(double arrival, int item)
        {
            yield return Sleep(arrival);
            LinkedListNode<CoroutineTask> node = waitingPutters.AddLast(GetRunningLoop().CurrentTask!);
            try
            {
                yield return q.Put(item);
            }
            finally
            {
                waitingPutters.Remove(node);
            }

            Assert.True(put.Add(item));
            Assert.True(maxSize == 0 || q.Count <= maxSize, $"{q.Count} items in a queue of {maxSize}");

            // The put just woke the oldest getter: cancelling it now must pass the item on.
            CancelOldest(waitingGetters);
        }

        IEnumerable<Yield> Consumer(double arrival)
        {
            yield return Sleep(arrival);
            Coroutine<int> get = q.Get();
            LinkedListNode<CoroutineTask> node = waitingGetters.AddLast(GetRunningLoop().CurrentTask!);
            try
            {
                yield return get;
            }
            finally
            {
                waitingGetters.Remove(node);
            }

            got.Add(get.Result);
            q.TaskDone();
            CancelOldest(waitingPutters);
        }

        var producers = new List<CoroutineTask>();
        var consumers = new List<CoroutineTask>();
        for (int i = 0; i < TaskCount / 2; i++)
        {
            double early = random.Next(0, 10) * 0.001;
            double late = random.Next(20, 120) * 0.001;
            producers.Add(loop.CreateTask(FromIterator(Producer(consumersFirst ? late : early, i))));
            consumers.Add(loop.CreateTask(FromIterator(Consumer(consumersFirst ? early : late))));
        }

        List<CoroutineTask> all = producers.Concat(consumers).ToList();
        for (int i = 0; i < TaskCount / 4; i++)
        {
            CoroutineTask victim = all[random.Next(all.Count)];
            loop.CallLater(random.Next(0, 130) * 0.001, () => victim.Cancel());
        }

        int strandedGetters = -1;
        int strandedPutters = -1;
        IEnumerable<Yield> Main()
        {
            yield return Sleep(1);

            // Quiet now: a consumer still waiting with items queued, or a producer still waiting with room free,
            // missed a wake-up.
            strandedGetters = q.Empty ? 0 : consumers.Count(c => !c.Done);
            strandedPutters = q.Full || maxSize == 0 ? 0 : producers.Count(p => !p.Done);
            foreach (CoroutineTask t in all)
            {
                t.Cancel();
            }

            foreach (CoroutineTask t in all)
            {
                yield return Settle(t);
            }
        }

        loop.RunUntilComplete(FromIterator(Main()));
        var drained = new List<int>();
        while (!q.Empty)
        {
            drained.Add(q.GetNowait());
        }

        Assert.Equal(0, strandedGetters);
        Assert.Equal(0, strandedPutters);
        Assert.DoesNotContain(all, t => !t.Cancelled && t.Exception is not null);
        Assert.Equal(got.Count, got.Distinct().Count());
        Assert.Empty(got.Intersect(drained));
        Assert.Equal(put.OrderBy(x => x), got.Concat(drained).OrderBy(x => x));
        Assert.True(producers.Count(p => p.Cancelled) > 100 && consumers.Count(c => c.Cancelled) > 100);
        Assert.True(got.Count > TaskCount / 4, $"only {got.Count} items were got");
        Assert.True(wokenThenCancelled > 100, $"only {wokenThenCancelled} woken waiters were cancelled");
        Assert.Equal(0, q.GetterCount);
        Assert.Equal(0, q.PutterCount);
        Assert.Equal(drained.Count, q.UnfinishedTasks);
    }
}
