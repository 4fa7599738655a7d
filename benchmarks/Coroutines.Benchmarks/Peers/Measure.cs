using System.Diagnostics;

namespace Coroutines.Benchmarks.Peers;

/// <summary>Times a piece of work and counts its allocations; tracks how far the managed heap grew while it runs
/// (above the heap at its start, so what earlier runs left for the GC does not count).</summary>
internal sealed class Measure
{
    private readonly Stopwatch _watch;
    private readonly long _allocatedAtStart;
    private readonly long _startHeap;
    private long _peakHeap;

    private Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
        _startHeap = GC.GetTotalMemory(false);
        _peakHeap = _startHeap;
        _watch = Stopwatch.StartNew();
    }

    public static Measure Start() => new();

    /// <summary>Samples the heap; call at the moment the workload holds the most.</summary>
    public void SampleHeap() => _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(false));

    /// <summary>The live heap after a full collection, for "bytes per live item" figures (not timed).</summary>
    public long LiveHeap()
    {
        _watch.Stop();
        long live = GC.GetTotalMemory(forceFullCollection: true);
        _peakHeap = Math.Max(_peakHeap, live);
        _watch.Start();
        return live;
    }

    public WorkloadResult Stop(long operations, long checksum, double? perItemBytes = null, double? extra = null)
    {
        _watch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedAtStart;
        SampleHeap();
        return new WorkloadResult(operations, _watch.Elapsed.TotalSeconds, allocated, perItemBytes, _peakHeap - _startHeap, checksum, extra);
    }
}
