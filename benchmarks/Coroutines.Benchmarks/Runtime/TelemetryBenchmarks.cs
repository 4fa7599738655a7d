using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using static Coroutines.Co;

namespace Coroutines.Benchmarks.Runtime;

/// <summary>
/// What telemetry costs: spawn and complete 1,000 tasks with nobody listening, with a <see cref="MeterListener"/>
/// on the "Coroutines" meter (what <c>dotnet-counters</c> attaches), and with an <see cref="ActivityListener"/>
/// sampling every task as well. <c>None</c> must match the loop without telemetry: no allocation, same time.
/// </summary>
[MemoryDiagnoser]
public partial class TelemetryBenchmarks
{
    private MeterListener? _meterListener;
    private ActivityListener? _activityListener;
    private long _measured;

    public enum Listening
    {
        None,
        Meter,
        MeterAndActivities,
    }

    [Params(Listening.None, Listening.Meter, Listening.MeterAndActivities)]
    public Listening Listener { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Listener != Listening.None)
        {
            _meterListener = new MeterListener
            {
                InstrumentPublished = static (instrument, listener) =>
                {
                    if (instrument.Meter.Name == "Coroutines")
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meterListener.SetMeasurementEventCallback<long>((_, value, _, _) => _measured += value);
            _meterListener.SetMeasurementEventCallback<double>((_, _, _, _) => _measured++);
            _meterListener.Start();
        }

        if (Listener == Listening.MeterAndActivities)
        {
            _activityListener = new ActivityListener
            {
                ShouldListenTo = static source => source.Name == "Coroutines",
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_activityListener);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _meterListener?.Dispose();
        _activityListener?.Dispose();
    }

    [Coroutine]
    private static IEnumerable<Yield<int>> Child(int value)
    {
        yield return default;
        yield return Return(value);
    }

    [Coroutine]
    private static IEnumerable<Yield<long>> Spawner(int count)
    {
        var tasks = new CoroutineTask<int>[count];
        for (int i = 0; i < count; i++)
        {
            tasks[i] = CreateTask(ChildAsync(i));
        }

        long sum = 0;
        foreach (CoroutineTask<int> task in tasks)
        {
            yield return task;
            sum += task.Result;
        }

        yield return Return(sum);
    }

    /// <summary>1,000 tasks created, each giving way once and completing with a value, all awaited.</summary>
    [Benchmark]
    public long SpawnAndComplete1000()
    {
        var loop = EventLoop.CreateVirtual();
        long sum = loop.RunUntilComplete(SpawnerAsync(1000));
        loop.Close();
        return sum;
    }
}
