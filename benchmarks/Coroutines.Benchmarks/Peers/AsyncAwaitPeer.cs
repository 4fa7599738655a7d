using System.Threading.Channels;

namespace Coroutines.Benchmarks.Peers;

/// <summary>Plain C# async/await on one thread: a SynchronizationContext pump, <c>Task.Yield</c> to switch.</summary>
public sealed class AsyncAwaitPeer : IPeer
{
    public string Name => "C# async/await (single-thread pump)";

    /// <summary>Runs every continuation on the thread that calls <see cref="Run"/>.</summary>
    private sealed class Pump : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
        private readonly object _lock = new();
        private bool _done;

        public override void Post(SendOrPostCallback d, object? state)
        {
            lock (_lock)
            {
                _queue.Enqueue((d, state));
                Monitor.Pulse(_lock);
            }
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

        public T Run<T>(Func<Task<T>> main)
        {
            SynchronizationContext? previous = Current;
            SetSynchronizationContext(this);
            try
            {
                Task<T> task = main();
                task.ContinueWith(_ => Complete(), TaskScheduler.Default);
                while (true)
                {
                    (SendOrPostCallback Callback, object? State) item;
                    lock (_lock)
                    {
                        while (_queue.Count == 0 && !_done)
                        {
                            Monitor.Wait(_lock);
                        }

                        if (_queue.Count == 0)
                        {
                            break;
                        }

                        item = _queue.Dequeue();
                    }

                    item.Callback(item.State);
                }

                return task.GetAwaiter().GetResult();
            }
            finally
            {
                SetSynchronizationContext(previous);
            }
        }

        private void Complete()
        {
            lock (_lock)
            {
                _done = true;
                Monitor.Pulse(_lock);
            }
        }
    }

    private sealed class Counter
    {
        public long Value;
    }

    private static async Task Switcher(int switches, Counter counter)
    {
        for (int i = 0; i < switches; i++)
        {
            counter.Value++;
            await Task.Yield();
        }
    }

    public WorkloadResult Switch(int coroutines, int switches)
    {
        var counter = new Counter();
        Measure measure = Measure.Start();
        new Pump().Run(async () =>
        {
            var tasks = new Task[coroutines];
            for (int i = 0; i < coroutines; i++)
            {
                tasks[i] = Switcher(switches, counter);
            }

            measure.SampleHeap();
            await Task.WhenAll(tasks);
            return 0;
        });
        return measure.Stop((long)coroutines * switches, counter.Value);
    }

    private static async Task<long> Trivial(int i)
    {
        await Task.Yield();
        return i;
    }

    public WorkloadResult Spawn(int tasks)
    {
        Measure measure = Measure.Start();
        long baseline = GC.GetTotalMemory(true);
        Task<long>[]? all = null;
        long sum = new Pump().Run(async () =>
        {
            all = new Task<long>[tasks];
            for (int i = 0; i < tasks; i++)
            {
                all[i] = Trivial(i);
            }

            measure.SampleHeap();
            long[] results = await Task.WhenAll(all);
            return results.Sum();
        });
        long retained = measure.LiveHeap() - baseline - (long)tasks * 8;
        GC.KeepAlive(all);
        return measure.Stop(tasks, sum, perItemBytes: (double)retained / tasks);
    }

    private static async Task Sleeper(double seconds, Counter counter)
    {
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        counter.Value++;
    }

    public WorkloadResult Sleepers(int coroutines, int maxMilliseconds, int seed)
    {
        double[] delays = CoroutinesPeer.SleeperDelays(coroutines, maxMilliseconds, seed);
        long perSleeper = 0;
        new Pump().Run(async () =>
        {
            long baseline = GC.GetTotalMemory(true);
            var probe = new Task[coroutines];
            for (int i = 0; i < coroutines; i++)
            {
                probe[i] = Sleeper(delays[i] + 3600, new Counter());
            }

            perSleeper = (GC.GetTotalMemory(true) - baseline - (long)coroutines * 8) / coroutines;
            GC.KeepAlive(probe);
            return 0;
        });

        var counter = new Counter();
        Measure measure = Measure.Start();
        new Pump().Run(async () =>
        {
            var tasks = new Task[coroutines];
            for (int i = 0; i < coroutines; i++)
            {
                tasks[i] = Sleeper(delays[i], counter);
            }

            measure.SampleHeap();
            await Task.WhenAll(tasks);
            return 0;
        });
        WorkloadResult result = measure.Stop(coroutines, counter.Value, perItemBytes: perSleeper);
        return result with { Extra = (result.Seconds - delays.Max()) * 1000 };
    }

    public WorkloadResult PingPong(int messages)
    {
        Measure measure = Measure.Start();
        long sum = new Pump().Run(async () =>
        {
            Channel<long> channel = Channel.CreateBounded<long>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
            async Task Produce()
            {
                for (int i = 0; i < messages; i++)
                {
                    await channel.Writer.WriteAsync(i);
                }
            }

            async Task<long> Consume()
            {
                long total = 0;
                for (int i = 0; i < messages; i++)
                {
                    total += await channel.Reader.ReadAsync();
                }

                return total;
            }

            Task producer = Produce();
            long result = await Consume();
            await producer;
            return result;
        });
        return measure.Stop(messages, sum);
    }

    public WorkloadResult Semaphore(int tasks, int limit)
    {
        var done = new Counter();
        Measure measure = Measure.Start();
        new Pump().Run(async () =>
        {
            var semaphore = new SemaphoreSlim(limit);
            async Task Worker()
            {
                await semaphore.WaitAsync();
                try
                {
                    await Task.Yield();
                    done.Value++;
                }
                finally
                {
                    semaphore.Release();
                }
            }

            var all = new Task[tasks];
            for (int i = 0; i < tasks; i++)
            {
                all[i] = Worker();
            }

            await Task.WhenAll(all);
            return 0;
        });
        return measure.Stop(tasks, done.Value);
    }
}
