using static Coroutines.Co;

namespace Coroutines.Benchmarks.Peers;

/// <summary>This project: generated coroutines (the templates below are <c>[Coroutine]</c>) as tasks on <see cref="EventLoop"/>.</summary>
public sealed partial class CoroutinesPeer : IPeer
{
    public string Name => "Coroutines (EventLoop)";

    private sealed class Counter
    {
        public long Value;
    }

    [Coroutine]
    private static IEnumerable<Yield> Switcher(int switches, Counter counter)
    {
        for (int i = 0; i < switches; i++)
        {
            counter.Value++;
            yield return default;
        }
    }

    public WorkloadResult Switch(int coroutines, int switches)
    {
        var loop = new EventLoop();
        var counter = new Counter();
        Measure measure = Measure.Start();
        var tasks = new Future[coroutines];
        for (int i = 0; i < coroutines; i++)
        {
            tasks[i] = loop.CreateTask(SwitcherAsync(switches, counter));
        }

        measure.SampleHeap();
        loop.RunUntilComplete(GatherOn(loop, tasks));
        WorkloadResult result = measure.Stop((long)coroutines * switches, counter.Value);
        loop.Close();
        return result;
    }

    [Coroutine]
    private static IEnumerable<Yield<long>> Trivial(int i)
    {
        yield return Return((long)i);
    }

    public WorkloadResult Spawn(int tasks)
    {
        var loop = new EventLoop();

        // A first small batch brings the loop's own structures to the size they keep between bursts (the ready queue's
        // 1,024-slot floor: 8 KB, 0.01 B a task at 10^6), so the baseline counts them and B/item is per task only.
        var warmUp = new CoroutineTask<long>[2048];
        for (int i = 0; i < warmUp.Length; i++)
        {
            warmUp[i] = loop.CreateTask(TrivialAsync(i));
        }

        loop.RunUntilComplete(GatherOn(loop, warmUp));
        warmUp = null;

        Measure measure = Measure.Start();
        long baseline = GC.GetTotalMemory(true);
        var all = new CoroutineTask<long>[tasks];
        for (int i = 0; i < tasks; i++)
        {
            all[i] = loop.CreateTask(TrivialAsync(i));
        }

        measure.SampleHeap();
        long[] results = loop.RunUntilComplete(GatherOn(loop, all));
        long retained = measure.LiveHeap() - baseline - (long)tasks * (8 + 8);
        WorkloadResult result = measure.Stop(tasks, results.Sum(), perItemBytes: (double)retained / tasks);
        GC.KeepAlive(all);
        loop.Close();
        return result;
    }

    [Coroutine]
    private static IEnumerable<Yield> Sleeper(double seconds, Counter counter)
    {
        yield return Sleep(seconds);
        counter.Value++;
    }

    public WorkloadResult Sleepers(int coroutines, int maxMilliseconds, int seed)
    {
        double[] delays = SleeperDelays(coroutines, maxMilliseconds, seed);

        // Pass 1, untimed: bytes per sleeping coroutine on a virtual clock (nothing wakes while we look).
        var memoryLoop = EventLoop.CreateVirtual();
        long baseline = GC.GetTotalMemory(true);
        var holding = new CoroutineTask[coroutines];
        for (int i = 0; i < coroutines; i++)
        {
            holding[i] = memoryLoop.CreateTask(SleeperAsync(delays[i], new Counter()));
        }

        long perSleeper = 0;
        memoryLoop.CallSoon(() => memoryLoop.CallSoon(() =>
        {
            perSleeper = (GC.GetTotalMemory(true) - baseline - (long)coroutines * 8) / coroutines;
            memoryLoop.Stop();
        }));
        memoryLoop.RunForever();
        GC.KeepAlive(holding);
        memoryLoop.CancelAllTasksAndWait();
        memoryLoop.Close();
        holding = null!;

        // Pass 2, timed, on real time.
        var loop = new EventLoop();
        var counter = new Counter();
        Measure measure = Measure.Start();
        var tasks = new Future[coroutines];
        for (int i = 0; i < coroutines; i++)
        {
            tasks[i] = loop.CreateTask(SleeperAsync(delays[i], counter));
        }

        measure.SampleHeap();
        loop.RunUntilComplete(GatherOn(loop, tasks));
        WorkloadResult result = measure.Stop(coroutines, counter.Value, perItemBytes: perSleeper);
        loop.Close();
        return result with { Extra = (result.Seconds - delays.Max()) * 1000 };
    }

    internal static double[] SleeperDelays(int count, int maxMilliseconds, int seed)
    {
        var random = new Random(seed);
        var delays = new double[count];
        for (int i = 0; i < count; i++)
        {
            delays[i] = random.Next(0, maxMilliseconds + 1) / 1000.0;
        }

        return delays;
    }

    /// <summary>Gather outside a coroutine: Co.Gather needs a running loop, so schedule it as the loop's first callback.</summary>
    private static Future<object?[]> GatherOn(EventLoop loop, Future[] futures)
    {
        Future<object?[]>? gathered = null;
        var ready = loop.CreateFuture<object?[]>();
        loop.CallSoon(() =>
        {
            gathered = Gather(futures);
            gathered.AddDoneCallback(_ => ready.SetResult(gathered.Result));
        });
        return ready;
    }

    private static Future<long[]> GatherOn(EventLoop loop, CoroutineTask<long>[] tasks)
    {
        var ready = loop.CreateFuture<long[]>();
        loop.CallSoon(() =>
        {
            Future<long[]> gathered = Gather(tasks);
            gathered.AddDoneCallback(_ => ready.SetResult(gathered.Result));
        });
        return ready;
    }

    [Coroutine]
    private static IEnumerable<Yield> Producer(AsyncQueue<long> queue, int messages)
    {
        for (int i = 0; i < messages; i++)
        {
            yield return queue.Put(i);
        }
    }

    // A receiver, not q.Get(): Get returns a Coroutine<T> per message whose Result may be read any time later, so it
    // cannot be reused (80 B per message; LoopBenchmarks.QueuePingPong measures that path).
    [Coroutine]
    private static IEnumerable<Yield> Consumer(AsyncQueue<long> queue, int messages, Counter sum)
    {
        QueueReceiver<long> inbox = queue.Receiver();
        for (int i = 0; i < messages; i++)
        {
            yield return inbox.Receive();
            sum.Value += inbox.Item;
        }
    }

    public WorkloadResult PingPong(int messages)
    {
        var loop = new EventLoop();
        var queue = new AsyncQueue<long>(maxSize: 1);
        var sum = new Counter();
        Measure measure = Measure.Start();
        loop.CreateTask(ProducerAsync(queue, messages));
        loop.RunUntilComplete(loop.CreateTask(ConsumerAsync(queue, messages, sum)));
        WorkloadResult result = measure.Stop(messages, sum.Value);
        loop.Close();
        return result;
    }

    [Coroutine]
    private static IEnumerable<Yield> Worker(AsyncSemaphore semaphore, Counter done)
    {
        yield return semaphore.Acquire();
        try
        {
            yield return default;
            done.Value++;
        }
        finally
        {
            semaphore.Release();
        }
    }

    public WorkloadResult Semaphore(int tasks, int limit)
    {
        var loop = new EventLoop();
        var semaphore = new AsyncSemaphore(limit);
        var done = new Counter();
        Measure measure = Measure.Start();
        var all = new Future[tasks];
        for (int i = 0; i < tasks; i++)
        {
            all[i] = loop.CreateTask(WorkerAsync(semaphore, done));
        }

        loop.RunUntilComplete(GatherOn(loop, all));
        WorkloadResult result = measure.Stop(tasks, done.Value);
        loop.Close();
        return result;
    }
}
