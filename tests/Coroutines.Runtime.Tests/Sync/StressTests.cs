using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Sync;

/// <summary>
/// 10,000 tasks with random timing and random cancellations (seeded, so a failure reproduces). A lost wake-up
/// shows up as a deadlock (the virtual loop throws), a leaked unit or waiter as a wrong count at the end.
/// </summary>
[Collection(StressCollection.Name)]
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

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Lock_and_condition_under_random_cancellation_keep_mutual_exclusion_and_lose_no_wakeup(int seed)
    {
        // Half the tasks take the lock directly, half wait on the condition for a token; cancellations land on
        // queued acquirers, on woken acquirers, on condition waiters before and after their notification.
        var random = new Random(seed);
        var loop = EventLoop.CreateVirtual();
        var cond = new AsyncCondition();
        int inside = 0;
        int tokens = 0;
        int consumed = 0;
        var waiting = new LinkedList<CoroutineTask>();

        void Enter()
        {
            inside++;
            Assert.True(inside == 1, $"{inside} tasks inside the lock");
            Assert.True(cond.Locked);
        }

        IEnumerable<Yield> Locker(double arrival, bool suspendInside)
        {
            yield return Sleep(arrival);
            LinkedListNode<CoroutineTask> node = waiting.AddLast(GetRunningLoop().CurrentTask!);
            try
            {
                yield return cond.Acquire();
            }
            finally
            {
                waiting.Remove(node);
            }

            using (cond.Releaser())
            {
                Enter();
                try
                {
                    tokens++;
                    cond.Notify();
                    if (suspendInside)
                    {
                        yield return Sleep(0);
                    }
                }
                finally
                {
                    inside--;
                }
            }

            if (waiting.First is { } oldest && random.Next(3) == 0)
            {
                oldest.Value.Cancel();
            }
        }

        IEnumerable<Yield> Consumer(double arrival)
        {
            yield return Sleep(arrival);
            yield return cond.Acquire();
            using (cond.Releaser())
            {
                Enter();
                inside--;
                try
                {
                    yield return cond.WaitFor(() => tokens > 0);
                }
                finally
                {
                    // Reached by a notified waiter and by a cancelled one alike: both hold the lock again here.
                    Enter();
                    inside--;
                }

                tokens--;
                consumed++;
            }
        }

        var tasks = new List<CoroutineTask>();
        var lockers = new List<CoroutineTask>();
        for (int i = 0; i < TaskCount; i++)
        {
            double arrival = random.Next(0, 100) * 0.001;
            if (i % 2 == 0)
            {
                lockers.Add(loop.CreateTask(FromIterator(Locker(arrival, random.Next(2) == 0))));
                tasks.Add(lockers[^1]);
            }
            else
            {
                tasks.Add(loop.CreateTask(FromIterator(Consumer(arrival))));
            }
        }

        for (int i = 0; i < TaskCount / 4; i++)
        {
            CoroutineTask victim = tasks[random.Next(tasks.Count)];
            loop.CallLater(random.Next(0, 110) * 0.001, () => victim.Cancel());
        }

        int strandedConsumers = -1;
        int strandedLockers = -1;
        IEnumerable<Yield> Main()
        {
            yield return Sleep(1);

            // Quiet now: every locker is through, and consumers still waiting means no token is left.
            strandedLockers = lockers.Count(t => !t.Done);
            strandedConsumers = tokens == 0 ? 0 : tasks.Count(t => !t.Done);
            foreach (CoroutineTask t in tasks)
            {
                t.Cancel();
            }

            foreach (CoroutineTask t in tasks)
            {
                yield return Settle(t);
            }
        }

        loop.RunUntilComplete(FromIterator(Main()));
        Assert.Equal(0, strandedLockers);
        Assert.Equal(0, strandedConsumers);
        Assert.DoesNotContain(tasks, t => !t.Cancelled && t.Exception is not null);
        Assert.True(tasks.Count(t => t.Cancelled) > 1000, $"only {tasks.Count(t => t.Cancelled)} cancelled");
        Assert.True(consumed > 1000, $"only {consumed} tokens consumed");
        Assert.Equal(0, inside);
        Assert.False(cond.Locked);
        Assert.Equal(0, cond.WaiterCount);
    }

    [Theory]
    [InlineData(31, 5)]
    [InlineData(32, 2)]
    public void Barrier_under_random_cancellation_strands_only_an_incomplete_last_cycle(int seed, int parties)
    {
        var random = new Random(seed);
        var loop = EventLoop.CreateVirtual();
        var barrier = new AsyncBarrier(parties);
        int passes = 0;

        IEnumerable<Yield> Party(double arrival)
        {
            yield return Sleep(arrival);
            for (int round = 0; round < 3; round++)
            {
                Coroutine<int> arrivalIndex = barrier.Wait();
                yield return arrivalIndex;
                Assert.InRange(arrivalIndex.Result, 0, parties - 1);
                passes++;
                yield return Sleep(random.Next(0, 3) * 0.001);
            }
        }

        var tasks = new List<CoroutineTask>();
        for (int i = 0; i < TaskCount / 3; i++)
        {
            tasks.Add(loop.CreateTask(FromIterator(Party(random.Next(0, 100) * 0.001))));
        }

        for (int i = 0; i < TaskCount / 12; i++)
        {
            CoroutineTask victim = tasks[random.Next(tasks.Count)];
            loop.CallLater(random.Next(0, 150) * 0.001, () => victim.Cancel());
        }

        int stranded = -1;
        int waitingAtQuiet = -1;
        bool brokenAtQuiet = true;
        IEnumerable<Yield> Main()
        {
            yield return Sleep(2);
            stranded = tasks.Count(t => !t.Done);
            waitingAtQuiet = barrier.NWaiting;
            brokenAtQuiet = barrier.Broken;
            foreach (CoroutineTask t in tasks)
            {
                t.Cancel();
            }

            foreach (CoroutineTask t in tasks)
            {
                yield return Settle(t);
            }
        }

        loop.RunUntilComplete(FromIterator(Main()));
        Assert.DoesNotContain(tasks, t => !t.Cancelled && t.Exception is not null);
        Assert.False(brokenAtQuiet);
        Assert.True(stranded < parties, $"{stranded} tasks stranded at a barrier of {parties}");
        Assert.Equal(stranded, waitingAtQuiet);
        Assert.True(passes > TaskCount / 2, $"only {passes} passes");
        Assert.True(tasks.Count(t => t.Cancelled) > 200, $"only {tasks.Count(t => t.Cancelled)} cancelled");
        Assert.Equal(0, barrier.NWaiting);
        Assert.False(barrier.Broken);
    }
}

/// <summary>The stress runs are CPU-heavy: they run alone, after the parallel tests, on a machine shared with
/// other builds.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StressCollection
{
    public const string Name = "Sync stress";
}
