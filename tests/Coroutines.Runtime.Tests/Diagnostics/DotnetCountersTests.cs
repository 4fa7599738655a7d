using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Coroutines.Runtime.Tests.Diagnostics;

/// <summary>
/// dotnet-counters reads meters through the runtime's "System.Diagnostics.Metrics" EventSource. This test opens the
/// same kind of session in-process (what <c>dotnet-counters monitor --counters Coroutines</c> asks for) and checks
/// that the Coroutines instruments are published and their values arrive.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public partial class DotnetCountersTests
{
    [Coroutine]
    private static IEnumerable<Yield> Spawn(int count)
    {
        var tasks = new List<CoroutineTask>();
        for (int i = 0; i < count; i++)
        {
            tasks.Add(Co.CreateTask(TickAsync()));
        }

        foreach (CoroutineTask task in tasks)
        {
            yield return task;
        }
    }

    [Coroutine]
    private static IEnumerable<Yield> Tick()
    {
        yield return Co.Sleep(1);
    }

    [Fact]
    public void A_metrics_event_source_session_filtered_to_Coroutines_sees_the_instruments_and_the_task_counts()
    {
        _ = CoroutineTelemetry.Meter;
        using var session = new MetricsSession(CoroutineTelemetry.MeterName);

        var loop = EventLoop.CreateVirtual();
        loop.RunUntilComplete(SpawnAsync(25));
        loop.Close();

        // The session publishes every refresh interval (0.1 s of wall time: the transport's clock, not ours).
        Assert.True(session.WaitFor(s => s.RateSum("coroutines.tasks.started") >= 26 && s.RateSum("coroutines.tasks.completed") >= 26,
            TimeSpan.FromSeconds(30)), session.Describe());
        Assert.Equal(26, session.RateSum("coroutines.tasks.started"));
        Assert.Equal(26, session.RateSum("coroutines.tasks.completed"));
        Assert.Equal(0, session.RateSum("coroutines.tasks.faulted"));
        string[] published = session.Published();
        Assert.Contains("coroutines.tasks.cancelled", published);
        Assert.Contains("coroutines.loop.ready_queue.length", published);
        Assert.Contains("coroutines.tasks.pending", published);
        Assert.Contains("coroutines.loop.lag", published);
        Assert.Contains("coroutines.loop.slow_callbacks", published);
    }

    /// <summary>An in-process session on the runtime's metrics EventSource, like the one dotnet-counters opens.</summary>
    private sealed class MetricsSession : EventListener
    {
        private readonly string _sessionId = Guid.NewGuid().ToString("N");
        private readonly ConcurrentQueue<(string Event, string Instrument, string? Rate)> _events = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public MetricsSession(string meterName)
        {
            EventSource source = EventSource.GetSources().Single(s => s.Name == "System.Diagnostics.Metrics");
            EnableEvents(source, EventLevel.Informational, (EventKeywords)0x7, new Dictionary<string, string?>
            {
                ["SessionId"] = _sessionId,
                ["Metrics"] = meterName,
                ["RefreshInterval"] = "0.1",
                ["MaxTimeSeries"] = "100",
                ["MaxHistograms"] = "10",
            });
        }

        public string[] Published() =>
            _events.Where(e => e.Event == "BeginInstrumentReporting").Select(e => e.Instrument).Distinct().ToArray();

        public double RateSum(string instrument) =>
            _events.Where(e => e.Event == "CounterRateValuePublished" && e.Instrument == instrument && e.Rate is { Length: > 0 })
                .Sum(e => double.Parse(e.Rate!, System.Globalization.CultureInfo.InvariantCulture));

        public bool WaitFor(Func<MetricsSession, bool> condition, TimeSpan limit)
        {
            DateTime until = DateTime.UtcNow + limit;
            while (!condition(this))
            {
                TimeSpan left = until - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                _arrived.Wait(left);
            }

            return true;
        }

        public string Describe() => string.Join("\n", _events.Select(e => $"{e.Event} {e.Instrument} {e.Rate}"));

        protected override void OnEventWritten(EventWrittenEventArgs data)
        {
            if (data.PayloadNames is null || data.Payload is null)
            {
                return;
            }

            int session = data.PayloadNames.IndexOf("sessionId");
            int instrument = data.PayloadNames.IndexOf("instrumentName");
            if (session < 0 || instrument < 0 || (string?)data.Payload[session] != _sessionId)
            {
                return;
            }

            int rate = data.PayloadNames.IndexOf("rate");
            _events.Enqueue((data.EventName ?? "", (string)data.Payload[instrument]!, rate >= 0 ? data.Payload[rate] as string : null));
            _arrived.Release();
        }
    }
}
