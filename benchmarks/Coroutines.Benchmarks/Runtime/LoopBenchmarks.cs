using BenchmarkDotNet.Attributes;
using static Coroutines.Co;

namespace Coroutines.Benchmarks.Runtime;

/// <summary>
/// The runtime's hot paths. <c>Switches</c> runs at two sizes so the memory diagnoser shows what one suspension and
/// resume costs: the allocation per operation must not grow with the number of switches (zero per suspension).
/// </summary>
[MemoryDiagnoser]
public partial class LoopBenchmarks
{
    private sealed class Counter
    {
        public long Value;
    }

    [Params(10, 1000)]
    public int Switches { get; set; }

    [Coroutine]
    private static IEnumerable<Yield> Switcher(int switches, Counter counter)
    {
        for (int i = 0; i < switches; i++)
        {
            counter.Value++;
            yield return default;
        }
    }

    /// <summary>100 generated coroutines giving way <see cref="Switches"/> times each: task creation + resume path.</summary>
    [Benchmark]
    public long ResumeGenerated()
    {
        var loop = new EventLoop();
        var counter = new Counter();
        CoroutineTask last = null!;
        for (int i = 0; i < 100; i++)
        {
            last = loop.CreateTask(SwitcherAsync(Switches, counter));
        }

        loop.RunUntilComplete(last);
        return counter.Value;
    }

    [Coroutine]
    private static IEnumerable<Yield> Sleeper(double seconds, int times)
    {
        for (int i = 0; i < times; i++)
        {
            yield return Sleep(seconds);
        }
    }

    /// <summary>Timer insert and fire through Sleep, on a virtual clock.</summary>
    [Benchmark]
    public double SleepInsertAndFire()
    {
        var loop = EventLoop.CreateVirtual();
        CoroutineTask last = null!;
        for (int i = 0; i < 100; i++)
        {
            last = loop.CreateTask(SleeperAsync(0.001 * (i + 1), Switches));
        }

        loop.RunUntilComplete(last);
        return loop.Time();
    }

    /// <summary>CallLater then Cancel: O(1) cancel and compaction.</summary>
    [Benchmark]
    public int TimerInsertCancel()
    {
        var loop = EventLoop.CreateVirtual();
        var handles = new TimerHandle[Switches * 10];
        for (int i = 0; i < handles.Length; i++)
        {
            handles[i] = loop.CallLater(i + 1, static () => { });
        }

        foreach (TimerHandle handle in handles)
        {
            handle.Cancel();
        }

        return loop.TimerHeapCount;
    }

    /// <summary>CallSoon and the ready queue.</summary>
    [Benchmark]
    public int CallSoon()
    {
        var loop = EventLoop.CreateVirtual();
        int ran = 0;
        Action callback = () => ran++;
        for (int i = 0; i < Switches * 10; i++)
        {
            loop.CallSoon(callback);
        }

        loop.CallSoon(loop.Stop);
        loop.RunForever();
        return ran;
    }

    [Coroutine]
    private static IEnumerable<Yield<long>> Waiter(Future<long> future)
    {
        yield return future;
        yield return Return(future.Result);
    }

    /// <summary>Future completion waking a waiting task.</summary>
    [Benchmark]
    public long FutureWake()
    {
        var loop = EventLoop.CreateVirtual();
        long sum = 0;
        for (int i = 0; i < Switches; i++)
        {
            Future<long> future = loop.CreateFuture<long>();
            CoroutineTask<long> waiter = loop.CreateTask(WaiterAsync(future));
            loop.CallSoon(() => future.SetResult(1));
            sum += loop.RunUntilComplete(waiter);
        }

        return sum;
    }

    [Coroutine]
    private static IEnumerable<Yield<long>> Value(long v)
    {
        yield return Return(v);
    }

    [Coroutine]
    private static IEnumerable<Yield<long>> GatherMany(int count)
    {
        var coroutines = new Coroutine<long>[count];
        for (int i = 0; i < count; i++)
        {
            coroutines[i] = ValueAsync(i);
        }

        Future<long[]> all = Gather(coroutines);
        yield return all;
        yield return Return(all.Result.Sum());
    }

    [Benchmark]
    public long GatherTasks() => EventLoop.CreateVirtual().RunUntilComplete(GatherManyAsync(Switches));

    [Benchmark]
    public int SemaphoreContended()
    {
        var loop = EventLoop.CreateVirtual();
        var semaphore = new AsyncSemaphore(10);
        CoroutineTask last = null!;
        for (int i = 0; i < Switches; i++)
        {
            last = loop.CreateTask(HolderAsync(semaphore, rounds: 1));
        }

        loop.RunUntilComplete(last);
        return semaphore.Value;
    }

    [Coroutine]
    private static IEnumerable<Yield> Holder(AsyncSemaphore semaphore, int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            yield return semaphore.Acquire();
            try
            {
                yield return default;
            }
            finally
            {
                semaphore.Release();
            }
        }
    }

    /// <summary>100 workers acquiring a semaphore of 10 <see cref="Switches"/> times each: 90 wait at any moment, and
    /// the allocation must not grow with the rounds (finished acquires are kept for reuse: zero per contended wait).</summary>
    [Benchmark]
    public int SemaphoreWorkers()
    {
        var loop = EventLoop.CreateVirtual();
        var semaphore = new AsyncSemaphore(10);
        CoroutineTask last = null!;
        for (int i = 0; i < 100; i++)
        {
            last = loop.CreateTask(HolderAsync(semaphore, Switches));
        }

        loop.RunUntilComplete(last);
        return semaphore.Value;
    }

    [Coroutine]
    private static IEnumerable<Yield> Produce(AsyncQueue<int> queue, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return queue.Put(i);
        }
    }

    [Coroutine]
    private static IEnumerable<Yield<long>> Consume(AsyncQueue<int> queue, int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            Coroutine<int> get = queue.Get();
            yield return get;
            sum += get.Result;
        }

        yield return Return(sum);
    }

    /// <summary>Messages through a queue of size 1 with <c>q.Get()</c>: one <see cref="Coroutine{T}"/> per message.</summary>
    [Benchmark]
    public long QueuePingPong()
    {
        var loop = EventLoop.CreateVirtual();
        var queue = new AsyncQueue<int>(1);
        loop.CreateTask(ProduceAsync(queue, Switches));
        return loop.RunUntilComplete(loop.CreateTask(ConsumeAsync(queue, Switches)));
    }

    [Coroutine]
    private static IEnumerable<Yield<long>> Receive(AsyncQueue<int> queue, int count)
    {
        QueueReceiver<int> inbox = queue.Receiver();
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            yield return inbox.Receive();
            sum += inbox.Item;
        }

        yield return Return(sum);
    }

    /// <summary>The same with a <see cref="QueueReceiver{T}"/>: the allocation must not grow with the message count.</summary>
    [Benchmark]
    public long QueuePingPongReceiver()
    {
        var loop = EventLoop.CreateVirtual();
        var queue = new AsyncQueue<int>(1);
        loop.CreateTask(ProduceAsync(queue, Switches));
        return loop.RunUntilComplete(loop.CreateTask(ReceiveAsync(queue, Switches)));
    }
}
