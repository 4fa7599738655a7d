using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Sync;

/// <summary>
/// A waiting put or acquire is one operation object that its primitive hands out again once it finished. Reuse must
/// not be observable: every waiting put delivers its own item, and a stale copy of an earlier wait fails loudly
/// instead of re-running whatever the operation is being used for now.
/// </summary>
public class RecycledWaitTests
{
    private static IEnumerable<Yield> Producer(AsyncQueue<int> q, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return q.Put(i);
        }
    }

    private static IEnumerable<Yield> Consumer(AsyncQueue<int> q, int count, List<string> trace)
    {
        for (int i = 0; i < count; i++)
        {
            Coroutine<int> get = q.Get();
            yield return get;
            trace.Add($"got {get.Result}");
        }
    }

    private static Func<List<string>, IEnumerable<Yield>> PingPong(
        Func<AsyncQueue<int>, int, List<string>, IEnumerable<Yield>> consumer) => trace => PingPong(consumer, trace);

    private static IEnumerable<Yield> PingPong(Func<AsyncQueue<int>, int, List<string>, IEnumerable<Yield>> consumer, List<string> trace)
    {
        var q = new AsyncQueue<int>(maxSize: 1);
        CoroutineTask producer = CreateTask(Producer(q, 50));
        yield return CreateTask(consumer(q, 50, trace));
        yield return producer;
    }

    [Fact]
    public void Every_waiting_put_delivers_its_own_item_in_order_when_its_operation_is_reused()
    {
        Scenario.Run(PingPong(Consumer), out List<string> trace);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"got {i}"), trace);
    }

    private static IEnumerable<Yield> PutsThenYieldsTheFirstAgain(AsyncQueue<int> q, List<string> trace)
    {
        Yield first = q.Put(1);
        yield return first;
        trace.Add("put 1");

        // The queue is full again: this put waits, and takes over the operation the first one finished with.
        Yield second = q.Put(2);
        trace.Add("yielding the first put again");
        yield return first;
        trace.Add("unreachable");
        yield return second;
    }

    private static IEnumerable<Yield> StalePut(List<string> trace)
    {
        var q = new AsyncQueue<int>(maxSize: 1);
        q.PutNowait(0);
        CoroutineTask putter = CreateTask(PutsThenYieldsTheFirstAgain(q, trace));
        yield return Sleep(0);
        trace.Add($"took {q.GetNowait()}");
        yield return Settle(putter);
        trace.Add(putter.Exception!.GetType().Name);
        trace.Add($"queue holds {q.Count}: {q.GetNowait()}; waiting putters {q.PutterCount}");
    }

    [Fact]
    public void A_stale_put_yielded_again_raises_instead_of_running_the_reused_operation()
    {
        Scenario.Run(StalePut, out List<string> trace);
        Assert.Equal(
            new[] { "took 0", "put 1", "yielding the first put again", "InvalidOperationException", "queue holds 1: 1; waiting putters 0" },
            trace);
    }

    private static IEnumerable<Yield> Worker(AsyncSemaphore semaphore, string name, List<string> trace)
    {
        for (int round = 0; round < 3; round++)
        {
            yield return semaphore.Acquire();
            trace.Add($"{name} holds ({round})");
            yield return Sleep(0.1);
            semaphore.Release();
        }
    }

    private static IEnumerable<Yield> Contended(List<string> trace)
    {
        var semaphore = new AsyncSemaphore(1);
        CoroutineTask a = CreateTask(Worker(semaphore, "a", trace));
        CoroutineTask b = CreateTask(Worker(semaphore, "b", trace));
        yield return a;
        yield return b;
        trace.Add($"value {semaphore.Value}");
    }

    [Fact]
    public void Reused_acquire_operations_keep_the_semaphore_fair_and_balanced()
    {
        Scenario.Run(Contended, out List<string> trace);
        Assert.Equal(
            new[] { "a holds (0)", "b holds (0)", "a holds (1)", "b holds (1)", "a holds (2)", "b holds (2)", "value 1" },
            trace);
    }

    private static IEnumerable<Yield> AcquiresThenYieldsTheFirstAgain(AsyncLock lk, List<string> trace)
    {
        Yield first = lk.Acquire();
        yield return first;
        try
        {
            trace.Add("acquired");

            // Held by this very task: this acquire would wait, and takes over the operation the first one finished with.
            Yield second = lk.Acquire();
            trace.Add("yielding the first acquire again");
            yield return first;
            trace.Add("unreachable");
            yield return second;
        }
        finally
        {
            lk.Release();
        }
    }

    private static IEnumerable<Yield> StaleLockAcquire(List<string> trace)
    {
        var lk = new AsyncLock();
        yield return lk.Acquire();
        CoroutineTask acquirer = CreateTask(AcquiresThenYieldsTheFirstAgain(lk, trace));
        yield return Sleep(0);
        lk.Release();
        yield return Settle(acquirer);
        trace.Add(acquirer.Exception!.GetType().Name);
        trace.Add($"locked {lk.Locked}, waiters {lk.WaiterCount}");
    }

    [Fact]
    public void A_stale_lock_acquire_yielded_again_raises_instead_of_running_the_reused_operation()
    {
        Scenario.Run(StaleLockAcquire, out List<string> trace);
        Assert.Equal(
            new[] { "acquired", "yielding the first acquire again", "InvalidOperationException", "locked False, waiters 0" },
            trace);
    }

    private static IEnumerable<Yield> HoldOnce(AsyncSemaphore semaphore, Counter done)
    {
        yield return semaphore.Acquire();
        yield return Sleep(0);
        done.Value++;
        semaphore.Release();
    }

    private static IEnumerable<Yield> Burst(AsyncSemaphore semaphore, Counter done, List<string> trace)
    {
        for (int round = 0; round < 2; round++)
        {
            CoroutineTask[] tasks = Enumerable.Range(0, 1000).Select(_ => CreateTask(HoldOnce(semaphore, done))).ToArray();
            foreach (CoroutineTask task in tasks)
            {
                yield return task;
            }

            trace.Add($"round {round}: {done.Value} done, value {semaphore.Value}, kept {semaphore.KeptOperations}");
        }
    }

    [Fact]
    public void A_burst_of_waiters_leaves_at_most_the_capped_number_of_operations_kept_by_its_primitive()
    {
        var semaphore = new AsyncSemaphore(10);
        Scenario.Run(trace => Burst(semaphore, new Counter(), trace), out List<string> trace);
        Assert.Equal(new[] { "round 0: 1000 done, value 10, kept 256", "round 1: 2000 done, value 10, kept 256" }, trace);
    }

    private sealed class Counter
    {
        public int Value;
    }

    private static IEnumerable<Yield> ReceivingConsumer(AsyncQueue<int> q, int count, List<string> trace)
    {
        QueueReceiver<int> inbox = q.Receiver();
        for (int i = 0; i < count; i++)
        {
            yield return inbox.Receive();
            trace.Add($"got {inbox.Item}");
        }
    }

    [Fact]
    public void A_receiver_delivers_every_item_in_order_through_one_reused_operation()
    {
        Scenario.Run(PingPong(ReceivingConsumer), out List<string> trace);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"got {i}"), trace);
    }

    private static IEnumerable<Yield> ReceiverMisuse(List<string> trace)
    {
        var q = new AsyncQueue<string>();
        QueueReceiver<string> inbox = q.Receiver();
        trace.Add(Assert.Throws<InvalidStateException>(() => inbox.Item).GetType().Name);
        Yield waiting = inbox.Receive();
        trace.Add(Assert.Throws<InvalidOperationException>(() => inbox.Receive()).GetType().Name);
        q.PutNowait("a");
        yield return waiting;
        trace.Add($"got {inbox.Item}");
        q.PutNowait("b");
        yield return inbox.Receive();
        trace.Add($"got {inbox.Item} at once, queue empty {q.Empty}");
        q.Shutdown();
        yield return Settle(FromIterator(ReceiveOnce(inbox)));
        trace.Add(Assert.Throws<QueueShutDownException>(() => inbox.Item).GetType().Name);
    }

    private static IEnumerable<Yield> ReceiveOnce(QueueReceiver<string> inbox)
    {
        yield return inbox.Receive();
    }

    [Fact]
    public void A_receiver_refuses_a_second_receive_before_the_first_finished_and_rethrows_a_failed_one()
    {
        Scenario.Run(ReceiverMisuse, out List<string> trace);
        Assert.Equal(
            new[]
            {
                "InvalidStateException",
                "InvalidOperationException",
                "got a",
                "got b at once, queue empty True",
                "QueueShutDownException",
            },
            trace);
    }
}
