namespace Coroutines.Benchmarks.Peers;

/// <summary>One implementation's run of one workload.</summary>
/// <param name="Operations">What the rate counts (switches, tasks, messages...).</param>
/// <param name="Seconds">Wall time of the measured part.</param>
/// <param name="AllocatedBytes">Bytes allocated during the measured part (all threads).</param>
/// <param name="PerItemBytes">The workload's memory figure per item (retained per task, per sleeper...), when it has one.</param>
/// <param name="PeakHeapBytes">How far the managed heap grew during the run, at its largest.</param>
/// <param name="Checksum">A value derived from the work itself, equal across implementations: proof the work was done.</param>
/// <param name="Extra">A workload-specific figure (the sleepers' overhead past the ideal, in ms).</param>
public sealed record WorkloadResult(long Operations, double Seconds, long AllocatedBytes, double? PerItemBytes, long PeakHeapBytes, long Checksum, double? Extra = null)
{
    public double Rate => Operations / Seconds;
}
