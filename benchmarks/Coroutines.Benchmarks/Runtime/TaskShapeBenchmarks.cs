using BenchmarkDotNet.Attributes;

namespace Coroutines.Benchmarks.Runtime;

/// <summary>
/// Evidence for the spawn budget, not a test of this project's code: what a million live tasks cost the GC by their
/// shape alone. Each method allocates a million objects shaped like a spawned task, keeps them all alive (as a
/// gather does), then drains them through a FIFO (as the ready queue does).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="RawIterator"/>: the raw scheduler's task, one 40-byte compiler iterator.</item>
/// <item><see cref="TaskWithCoroutine"/>: this project's task today, a 72-byte task pointing at its 48-byte coroutine
/// (the two objects the type hierarchy gives: a task is a future, its coroutine is not).</item>
/// <item><see cref="MergedTask"/>: the same fields in one 104-byte object, as C#'s async box holds its state machine.</item>
/// </list>
/// Two linked objects cost much more than one object of the same bytes: a gen0 collection marks, copies and fixes up
/// per object and per reference.
/// </remarks>
[MemoryDiagnoser]
public class TaskShapeBenchmarks
{
    private const int Tasks = 1_000_000;

    [Benchmark(Baseline = true)]
    public long RawIterator()
    {
        var all = new IteratorShape[Tasks];
        for (int i = 0; i < Tasks; i++)
        {
            all[i] = new IteratorShape { State = i };
        }

        return Drain(all, static task => ((IteratorShape)task).State);
    }

    [Benchmark]
    public long TaskWithCoroutine()
    {
        var all = new TaskShape[Tasks];
        for (int i = 0; i < Tasks; i++)
        {
            all[i] = new TaskShape { Coroutine = new CoroutineShape { State = i } };
        }

        return Drain(all, static task => ((TaskShape)task).Coroutine!.State);
    }

    [Benchmark]
    public long MergedTask()
    {
        var all = new MergedShape[Tasks];
        for (int i = 0; i < Tasks; i++)
        {
            all[i] = new MergedShape { State = i };
        }

        return Drain(all, static task => ((MergedShape)task).State);
    }

    private static long Drain(object[] all, Func<object, long> state)
    {
        var ready = new Queue<object>(all.Length);
        foreach (object task in all)
        {
            ready.Enqueue(task);
        }

        long sum = 0;
        while (ready.TryDequeue(out object? task))
        {
            sum += state(task);
        }

        return sum;
    }

#pragma warning disable CS0649, CA1823 // fields that only give the objects their size
    // 16 B header + 24 B: the compiler iterator of `yield return Return(i)` (state, current, argument).
    private sealed class IteratorShape
    {
        public long State;
        public long Current;
        public long Argument;
    }

    // 16 B header + 56 B: CoroutineTask's five references and 16 bytes of ints and flags.
    private sealed class TaskShape
    {
        public object? Loop;
        public object? Outcome;
        public object? Callbacks;
        public object? Extras;
        public CoroutineShape? Coroutine;
        public long Ints0;
        public long Ints1;
    }

    // 16 B header + 32 B: Coroutine<long>'s slot, state and flags, result, and the template's argument.
    private sealed class CoroutineShape
    {
        public object? Extra;
        public long State;
        public long Result;
        public long Argument;
    }

    // 16 B header + 88 B: both, less the task's reference to its coroutine.
    private sealed class MergedShape
    {
        public object? Loop;
        public object? Outcome;
        public object? Callbacks;
        public object? Extras;
        public object? Extra;
        public long Ints0;
        public long Ints1;
        public long State;
        public long Result;
        public long Argument;
        public long Flags;
    }
#pragma warning restore CS0649, CA1823
}
