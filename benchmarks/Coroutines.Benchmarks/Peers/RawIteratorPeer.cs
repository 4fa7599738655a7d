namespace Coroutines.Benchmarks.Peers;

/// <summary>
/// The practical limit for an iterator-based loop: a minimal round-robin scheduler over raw compiler iterators,
/// with no futures, no cancellation, no exception routing — just a ready queue, a timer heap and wait lists.
/// </summary>
public sealed class RawIteratorPeer : IPeer
{
    public string Name => "raw iterators (minimal scheduler)";

    /// <summary>What a raw coroutine yields: give way, sleep, or wait on a signal.</summary>
    public readonly record struct Step(double Seconds, Signal? WaitOn)
    {
        public static Step GiveWay => default;
    }

    /// <summary>A one-shot wait list.</summary>
    public sealed class Signal
    {
        internal Queue<IEnumerator<Step>> Waiters = new();
    }

    public sealed class Scheduler
    {
        private readonly Queue<IEnumerator<Step>> _ready = new();
        private readonly PriorityQueue<IEnumerator<Step>, (long When, long Sequence)> _timers = new();
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private long _sequence;

        public void Spawn(IEnumerator<Step> coroutine) => _ready.Enqueue(coroutine);

        public void Wake(Signal signal)
        {
            if (signal.Waiters.TryDequeue(out IEnumerator<Step>? waiter))
            {
                _ready.Enqueue(waiter);
            }
        }

        public void Run()
        {
            while (_ready.Count > 0 || _timers.Count > 0)
            {
                long now = _clock.ElapsedTicks;
                while (_timers.TryPeek(out IEnumerator<Step>? due, out (long When, long Sequence) at) && at.When <= now)
                {
                    _timers.Dequeue();
                    _ready.Enqueue(due);
                }

                int count = _ready.Count;
                if (count == 0)
                {
                    _timers.TryPeek(out _, out (long When, long Sequence) next);
                    double waitMs = (next.When - now) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
                    if (waitMs >= 1)
                    {
                        Thread.Sleep((int)waitMs);
                    }

                    continue;
                }

                for (int i = 0; i < count; i++)
                {
                    IEnumerator<Step> coroutine = _ready.Dequeue();
                    if (!coroutine.MoveNext())
                    {
                        coroutine.Dispose();
                        continue;
                    }

                    Step step = coroutine.Current;
                    if (step.WaitOn is not null)
                    {
                        step.WaitOn.Waiters.Enqueue(coroutine);
                    }
                    else if (step.Seconds > 0)
                    {
                        long when = _clock.ElapsedTicks + (long)(step.Seconds * System.Diagnostics.Stopwatch.Frequency);
                        _timers.Enqueue(coroutine, (when, _sequence++));
                    }
                    else
                    {
                        _ready.Enqueue(coroutine);
                    }
                }
            }
        }
    }

    private sealed class Counter
    {
        public long Value;
    }

    private static IEnumerator<Step> Switcher(int switches, Counter counter)
    {
        for (int i = 0; i < switches; i++)
        {
            counter.Value++;
            yield return Step.GiveWay;
        }
    }

    public WorkloadResult Switch(int coroutines, int switches)
    {
        var scheduler = new Scheduler();
        var counter = new Counter();
        Measure measure = Measure.Start();
        for (int i = 0; i < coroutines; i++)
        {
            scheduler.Spawn(Switcher(switches, counter));
        }

        measure.SampleHeap();
        scheduler.Run();
        return measure.Stop((long)coroutines * switches, counter.Value);
    }

    /// <summary>A raw "task" is its compiler iterator; it writes its result where the gather reads it.</summary>
    private static IEnumerator<Step> Trivial(int input, long[] results)
    {
        results[input] = input;
        yield break;
    }

    public WorkloadResult Spawn(int tasks)
    {
        var scheduler = new Scheduler();
        Measure measure = Measure.Start();
        long baseline = GC.GetTotalMemory(true);
        var results = new long[tasks];
        for (int i = 0; i < tasks; i++)
        {
            scheduler.Spawn(Trivial(i, results));
        }

        measure.SampleHeap();
        scheduler.Run();
        long sum = results.Sum();

        // Finished iterators are dropped by the scheduler; what is retained per task is its result slot.
        long retained = measure.LiveHeap() - baseline;
        return measure.Stop(tasks, sum, perItemBytes: (double)retained / tasks);
    }

    private static IEnumerator<Step> Sleeper(double seconds, Counter counter)
    {
        yield return new Step(seconds, null);
        counter.Value++;
    }

    public WorkloadResult Sleepers(int coroutines, int maxMilliseconds, int seed)
    {
        double[] delays = CoroutinesPeer.SleeperDelays(coroutines, maxMilliseconds, seed);
        long baseline = GC.GetTotalMemory(true);
        var probe = new Scheduler();
        for (int i = 0; i < coroutines; i++)
        {
            IEnumerator<Step> sleeper = Sleeper(delays[i], new Counter());
            sleeper.MoveNext();
            probe.Spawn(sleeper);
        }

        long perSleeper = (GC.GetTotalMemory(true) - baseline) / coroutines;
        GC.KeepAlive(probe);

        var scheduler = new Scheduler();
        var counter = new Counter();
        Measure measure = Measure.Start();
        for (int i = 0; i < coroutines; i++)
        {
            scheduler.Spawn(Sleeper(delays[i], counter));
        }

        measure.SampleHeap();
        scheduler.Run();
        WorkloadResult result = measure.Stop(coroutines, counter.Value, perItemBytes: perSleeper);
        return result with { Extra = (result.Seconds - delays.Max()) * 1000 };
    }

    private sealed class Channel
    {
        public readonly Signal NotEmpty = new();
        public readonly Signal NotFull = new();
        public bool HasItem;
        public long Item;
    }

    private static IEnumerator<Step> Producer(Scheduler scheduler, Channel channel, int messages)
    {
        for (int i = 0; i < messages; i++)
        {
            while (channel.HasItem)
            {
                yield return new Step(0, channel.NotFull);
            }

            channel.Item = i;
            channel.HasItem = true;
            scheduler.Wake(channel.NotEmpty);
        }
    }

    private static IEnumerator<Step> Consumer(Scheduler scheduler, Channel channel, int messages, Counter sum)
    {
        for (int i = 0; i < messages; i++)
        {
            while (!channel.HasItem)
            {
                yield return new Step(0, channel.NotEmpty);
            }

            sum.Value += channel.Item;
            channel.HasItem = false;
            scheduler.Wake(channel.NotFull);
        }
    }

    public WorkloadResult PingPong(int messages)
    {
        var scheduler = new Scheduler();
        var channel = new Channel();
        var sum = new Counter();
        Measure measure = Measure.Start();
        scheduler.Spawn(Producer(scheduler, channel, messages));
        scheduler.Spawn(Consumer(scheduler, channel, messages, sum));
        scheduler.Run();
        return measure.Stop(messages, sum.Value);
    }

    private sealed class RawSemaphore
    {
        public readonly Signal Released = new();
        public int Available;
    }

    private static IEnumerator<Step> Worker(Scheduler scheduler, RawSemaphore semaphore, Counter inside, Counter done)
    {
        while (semaphore.Available == 0)
        {
            yield return new Step(0, semaphore.Released);
        }

        semaphore.Available--;
        inside.Value++;
        yield return Step.GiveWay;
        inside.Value--;
        done.Value++;
        semaphore.Available++;
        scheduler.Wake(semaphore.Released);
    }

    public WorkloadResult Semaphore(int tasks, int limit)
    {
        var scheduler = new Scheduler();
        var semaphore = new RawSemaphore { Available = limit };
        var inside = new Counter();
        var done = new Counter();
        Measure measure = Measure.Start();
        for (int i = 0; i < tasks; i++)
        {
            scheduler.Spawn(Worker(scheduler, semaphore, inside, done));
        }

        scheduler.Run();
        return measure.Stop(tasks, done.Value);
    }
}
