using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Sync;

public class SyncApiShapeTests
{
    [Fact]
    public void Every_wait_can_be_yielded_from_a_template_with_a_result()
    {
        var lk = new AsyncLock();
        var sem = new AsyncBoundedSemaphore(2);
        var evt = new AsyncEvent();
        var cond = new AsyncCondition();
        var q = new AsyncQueue<int>(maxSize: 1);
        var barrier = new AsyncBarrier(1);

        IEnumerable<Yield<int>> Body()
        {
            yield return lk.Acquire();
            using (lk.Releaser())
            {
                yield return sem.Acquire();
                using var held = sem.Releaser();
                evt.Set();
                yield return evt.Wait();
                yield return cond.Acquire();
                using (cond.Releaser())
                {
                    Coroutine<bool> ready = cond.WaitFor(() => evt.IsSet);
                    yield return ready;
                    Assert.True(ready.Result);
                }

                yield return q.Put(20);
                Coroutine<int> get = q.Get();
                yield return get;
                q.TaskDone();
                yield return q.Join();
                Coroutine<int> arrival = barrier.Wait();
                yield return arrival;
                yield return Return(get.Result + arrival.Result + sem.Value);
            }
        }

        Assert.Equal(21, EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Body())));
        Assert.False(lk.Locked);
        Assert.Equal(2, sem.Value);
        Assert.False(cond.Locked);
    }

    [Fact]
    public void ToString_follows_asyncio_repr_shapes()
    {
        var loop = EventLoop.CreateVirtual();
        var lk = new AsyncLock();
        var sem = new AsyncSemaphore(1);
        var evt = new AsyncEvent();
        var q = new AsyncQueue<string>(maxSize: 3);
        IEnumerable<Yield> Hold()
        {
            yield return lk.Acquire();
            yield return sem.Acquire();
            yield return Sleep(10);
        }

        IEnumerable<Yield> Wait()
        {
            yield return lk.Acquire();
        }

        IEnumerable<Yield> WaitEvent()
        {
            yield return evt.Wait();
        }

        loop.CreateTask(FromIterator(Hold()));
        loop.CreateTask(FromIterator(Wait()));
        loop.CreateTask(FromIterator(WaitEvent()));
        q.PutNowait("x");
        loop.CallLater(1, loop.Stop);
        loop.RunForever();
        Assert.Equal("<AsyncLock [locked, waiters:1]>", lk.ToString());
        Assert.Equal("<AsyncSemaphore [locked]>", sem.ToString());
        Assert.Equal("<AsyncEvent [unset, waiters:1]>", evt.ToString());
        Assert.Equal("<AsyncQueue maxsize=3 count=1 tasks=1>", q.ToString());
        Assert.Equal("<AsyncBarrier [filling, waiters:0/2]>", new AsyncBarrier(2).ToString());
        Assert.Equal("<AsyncCondition [unlocked]>", new AsyncCondition().ToString());
        Assert.Equal("<AsyncBoundedSemaphore [unlocked, value:3]>", new AsyncBoundedSemaphore(3).ToString());
    }

    [Fact]
    public void A_waiting_task_shows_the_primitive_operation_in_its_stack()
    {
        var loop = EventLoop.CreateVirtual();
        var lk = new AsyncLock();
        var q = new AsyncPriorityQueue<int>();
        IEnumerable<Yield> Blocked()
        {
            yield return lk.Acquire();
        }

        IEnumerable<Yield> Consumer()
        {
            Coroutine<int> get = q.Get();
            yield return get;
        }

        IEnumerable<Yield> Hold()
        {
            yield return lk.Acquire();
            yield return Sleep(10);
        }

        loop.CreateTask(FromIterator(Hold()));
        CoroutineTask blocked = loop.CreateTask(FromIterator(Blocked()));
        CoroutineTask consumer = loop.CreateTask(FromIterator(Consumer()));
        loop.CallLater(1, loop.Stop);
        loop.RunForever();
        // A waiting acquire or get runs without a frame and parks the task on itself (no waiter future): it is the
        // stack's leaf.
        Assert.Equal(new[] { "Blocked", "AsyncLock.Acquire" }, blocked.GetStack().Select(f => f.Name));
        Assert.Equal(new[] { "Consumer", "AsyncPriorityQueue.Get" }, consumer.GetStack().Select(f => f.Name));
    }

    [Fact]
    public void Uncontended_acquire_release_put_and_event_wait_allocate_nothing()
    {
        var lk = new AsyncLock();
        var sem = new AsyncSemaphore(3);
        var evt = new AsyncEvent();
        var q = new AsyncQueue<int>();
        evt.Set();
        long allocated = -1;
        IEnumerable<Yield> Body()
        {
            for (int round = 0; round < 2; round++)
            {
                // Round 0 warms up the JIT; round 1 is measured.
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 1000; i++)
                {
                    yield return lk.Acquire();
                    lk.Release();
                    yield return sem.Acquire();
                    sem.Release();
                    yield return evt.Wait();
                    yield return q.Put(i);
                    q.GetNowait();
                    q.TaskDone();
                    yield return q.Join();
                }

                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }

        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Body()));
        Assert.Equal(0, allocated);
    }

    private const int Contenders = 10;
    private const int ContendedRounds = 500;

    /// <summary>Bytes allocated per wait by a run of <paramref name="scenario"/> after a first that warms up the JIT: the
    /// least of three, since a run that happens to meet the runtime's own one-off work (tiering, with the whole suite
    /// running in parallel) showed once in about ten suite runs; an allocation per wait shows in every run.</summary>
    private static double BytesPerWait(Func<IEnumerable<Yield>> scenario)
    {
        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(scenario()));
        return Enumerable.Range(0, 3).Min(_ =>
        {
            var loop = EventLoop.CreateVirtual();
            long before = GC.GetAllocatedBytesForCurrentThread();
            loop.RunUntilComplete(FromIterator(scenario()));
            return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)(Contenders * ContendedRounds);
        });
    }

    private static IEnumerable<Yield> RunContenders(Func<IEnumerable<Yield>> contender, Func<IEnumerable<Yield>>? driver = null)
    {
        CoroutineTask[] tasks = Enumerable.Range(0, Contenders).Select(_ => CreateTask(contender())).ToArray();
        if (driver is not null)
        {
            yield return FromIterator(driver());
        }

        foreach (CoroutineTask t in tasks)
        {
            yield return t;
        }
    }

    private static IEnumerable<Yield> ContendedLock()
    {
        var lk = new AsyncLock();
        IEnumerable<Yield> Contender()
        {
            for (int i = 0; i < ContendedRounds; i++)
            {
                yield return lk.Acquire();
                yield return Sleep(0);
                lk.Release();
            }
        }

        return RunContenders(Contender);
    }

    private static IEnumerable<Yield> ContendedEvent()
    {
        var evt = new AsyncEvent();
        IEnumerable<Yield> Contender()
        {
            for (int i = 0; i < ContendedRounds; i++)
            {
                yield return evt.Wait();
                yield return Sleep(0);
            }
        }

        IEnumerable<Yield> Driver()
        {
            for (int i = 0; i < ContendedRounds; i++)
            {
                yield return Sleep(0);
                evt.Set();
                evt.Clear();
                yield return Sleep(0);
            }

            evt.Set();
        }

        return RunContenders(Contender, Driver);
    }

    private static IEnumerable<Yield> ContendedCondition()
    {
        var cond = new AsyncCondition();
        int round = 0;
        IEnumerable<Yield> Contender()
        {
            yield return cond.Acquire();
            using (cond.Releaser())
            {
                // Wait rather than WaitFor: a predicate closing over the loop variable would allocate in the test.
                for (int seen = 1; seen <= ContendedRounds; seen++)
                {
                    while (round < seen)
                    {
                        yield return cond.Wait();
                    }
                }
            }
        }

        IEnumerable<Yield> Driver()
        {
            for (int i = 0; i < ContendedRounds; i++)
            {
                yield return Sleep(0);
                yield return cond.Acquire();
                round++;
                cond.NotifyAll();
                cond.Release();
                yield return Sleep(0);
            }
        }

        return RunContenders(Contender, Driver);
    }

    private static IEnumerable<Yield> ContendedBarrier()
    {
        var barrier = new AsyncBarrier(Contenders);
        IEnumerable<Yield> Contender()
        {
            for (int i = 0; i < ContendedRounds; i++)
            {
                yield return barrier.Wait();
            }
        }

        return RunContenders(Contender);
    }

    private static IEnumerable<Yield> ContendedSemaphore()
    {
        var sem = new AsyncSemaphore(3);
        IEnumerable<Yield> Contender()
        {
            for (int i = 0; i < ContendedRounds; i++)
            {
                yield return sem.Acquire();
                yield return Sleep(0);
                sem.Release();
            }
        }

        return RunContenders(Contender);
    }

    private static IEnumerable<Yield> ContendedPut()
    {
        var q = new AsyncQueue<int>(maxSize: 1);
        IEnumerable<Yield> Contender()
        {
            for (int i = 0; i < ContendedRounds; i++)
            {
                yield return q.Put(i);
            }
        }

        IEnumerable<Yield> Driver()
        {
            QueueReceiver<int> inbox = q.Receiver();
            for (int i = 0; i < Contenders * ContendedRounds; i++)
            {
                yield return inbox.Receive();
            }
        }

        return RunContenders(Contender, Driver);
    }

    [Fact]
    public void A_contended_acquire_put_event_wait_or_condition_wait_allocates_nothing_once_its_primitive_kept_enough_finished_operations()
    {
        // Setup (ten tasks, the first ten operations) is spread over 5,000 waits: ~0.7 B each. One operation per wait
        // (the lock's before its finished operations were kept) is 64-96 B.
        Assert.InRange(BytesPerWait(ContendedLock), 0, 2);
        Assert.InRange(BytesPerWait(ContendedSemaphore), 0, 2);
        Assert.InRange(BytesPerWait(ContendedPut), 0, 2);
        Assert.InRange(BytesPerWait(ContendedEvent), 0, 2);
        Assert.InRange(BytesPerWait(ContendedCondition), 0, 2);
    }

    [Fact]
    public void A_contended_barrier_arrival_allocates_one_operation()
    {
        // Its operation is a Coroutine<int> whose result may be read later, so it is never reused. One is 64-96 bytes;
        // a barrier arrival built from iterators, frames, waiter futures and list nodes cost about 870.
        Assert.InRange(BytesPerWait(ContendedBarrier), 1, 128);
    }
}
