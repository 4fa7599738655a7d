using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Sync;

public class BarrierTests
{
    private static string Py(bool value) => value ? "True" : "False";

    private static IEnumerable<Yield> CycleParty(string name, AsyncBarrier barrier, double delay, int rounds, List<string> trace)
    {
        for (int r = 0; r < rounds; r++)
        {
            yield return Sleep(delay);
            trace.Add($"{name} arrives for round {r} (waiting={barrier.NWaiting})");
            Coroutine<int> arrival = barrier.Wait();
            yield return arrival;
            trace.Add($"{name} passes round {r} with index {arrival.Result}");
        }
    }

    private static IEnumerable<Yield> CycleScenario(List<string> trace)
    {
        var barrier = new AsyncBarrier(3);
        CoroutineTask[] tasks =
        {
            CreateTask(CycleParty("a", barrier, 0.3, 2, trace)),
            CreateTask(CycleParty("b", barrier, 0.1, 2, trace)),
            CreateTask(CycleParty("c", barrier, 0.2, 2, trace)),
        };
        foreach (CoroutineTask t in tasks)
        {
            yield return t;
        }

        trace.Add($"end waiting={barrier.NWaiting} broken={Py(barrier.Broken)} parties={barrier.Parties}");
    }

    [Fact]
    public void Barrier_releases_parties_together_cycle_after_cycle_and_late_arrivals_wait_for_the_next()
    {
        Scenario.Run(CycleScenario, out List<string> trace);
        PythonTwin.AssertMatches("barrier_cycles", trace);
    }

    private static IEnumerable<Yield> Party(string name, AsyncBarrier barrier, List<string> trace)
    {
        Coroutine<int> arrival = barrier.Wait();
        bool settled = false;
        try
        {
            yield return Settle(arrival);
            settled = true;
        }
        finally
        {
            if (!settled)
            {
                trace.Add($"{name} cancelled");
            }
        }

        if (arrival.Exception is BrokenBarrierException)
        {
            trace.Add($"{name} broken");
        }
        else
        {
            trace.Add($"{name} passed with index {arrival.Result}");
        }
    }

    private static IEnumerable<Yield> SettleAll(params CoroutineTask[] tasks)
    {
        foreach (CoroutineTask t in tasks)
        {
            yield return Settle(t);
        }
    }

    private static IEnumerable<Yield> AbortScenario(List<string> trace)
    {
        var barrier = new AsyncBarrier(3);
        CoroutineTask a = CreateTask(Party("a", barrier, trace));
        CoroutineTask b = CreateTask(Party("b", barrier, trace));
        yield return Sleep(0);
        trace.Add($"two waiting={barrier.NWaiting}");
        a.Cancel();
        yield return Sleep(0);
        trace.Add($"a cancelled, waiting={barrier.NWaiting}");
        CoroutineTask c = CreateTask(Party("c", barrier, trace));
        CoroutineTask d = CreateTask(Party("d", barrier, trace));
        yield return FromIterator(SettleAll(a, b, c, d));
        trace.Add($"after the cycle waiting={barrier.NWaiting}");

        CoroutineTask e = CreateTask(Party("e", barrier, trace));
        CoroutineTask f = CreateTask(Party("f", barrier, trace));
        yield return Sleep(0);
        yield return barrier.Reset();
        yield return FromIterator(SettleAll(e, f));
        trace.Add($"after reset waiting={barrier.NWaiting} broken={Py(barrier.Broken)}");

        CoroutineTask g = CreateTask(Party("g", barrier, trace));
        yield return Sleep(0);
        yield return barrier.Abort();
        yield return FromIterator(SettleAll(g));
        CoroutineTask h = CreateTask(Party("h", barrier, trace));
        yield return FromIterator(SettleAll(h));
        trace.Add($"after abort broken={Py(barrier.Broken)}");
        yield return barrier.Reset();
        trace.Add($"reset again broken={Py(barrier.Broken)} waiting={barrier.NWaiting}");
    }

    [Fact]
    public void Abort_and_reset_break_the_waiters_and_cancellation_leaves_the_count()
    {
        Scenario.Run(AbortScenario, out List<string> trace);
        PythonTwin.AssertMatches("barrier_abort", trace);
    }

    [Fact]
    public void A_barrier_needs_at_least_one_party_and_a_single_party_never_waits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncBarrier(0));
        var barrier = new AsyncBarrier(1);
        IEnumerable<Yield<int>> Body()
        {
            Coroutine<int> first = barrier.Wait();
            yield return first;
            Coroutine<int> second = barrier.Wait();
            yield return second;
            yield return Return(first.Result + second.Result + barrier.NWaiting);
        }

        Assert.Equal(0, EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Body())));
    }
}
