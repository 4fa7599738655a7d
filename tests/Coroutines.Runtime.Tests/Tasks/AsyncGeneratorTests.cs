using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Tasks;

/// <summary>
/// Async generators (<see cref="AsyncGenerator{T}"/>), asyncio's async generators event for event
/// (PythonTwins/async_generators.py): pulled one item at a time in the puller's task, closed by <c>using</c>.
/// </summary>
public class AsyncGeneratorTests
{
    private static IEnumerable<Emit<int>> Numbers(List<string> trace, string name, int n, int? failAt = null)
    {
        try
        {
            for (var i = 0; i < n; i++)
            {
                trace.Add($"{name}: producing {i}");
                yield return Sleep(0.5);
                if (failAt == i)
                {
                    throw new ArgumentException($"{name} failed at {i}");
                }

                yield return Emit(i);
                trace.Add($"{name}: resumed after {i}");
            }

            trace.Add($"{name}: done");
        }
        finally
        {
            trace.Add($"{name}: finally");
        }
    }

    private static IEnumerable<Yield> Consume(List<string> trace, string name, AsyncGenerator<int> generator, int? stopAt = null)
    {
        using (var items = generator)
        {
            trace.Add($"{name}: asks");
            while (true)
            {
                yield return items.Next();
                if (items.Ended)
                {
                    break;
                }

                trace.Add($"{name}: got {items.Current}");
                if (items.Current == stopAt)
                {
                    trace.Add($"{name}: stops early");
                    break;
                }

                trace.Add($"{name}: asks");
            }
        }

        trace.Add($"{name}: after the loop");
    }

    private static IEnumerable<Yield> Scenarios(List<string> trace)
    {
        EventLoop loop = GetRunningLoop();
        yield return FromIterator(Consume(trace, "all", FromIterator(Numbers(trace, "all", 3))));
        yield return FromIterator(Consume(trace, "early", FromIterator(Numbers(trace, "early", 5)), stopAt: 1));

        var failing = FromIterator(Consume(trace, "failing", FromIterator(Numbers(trace, "failing", 5, failAt: 1))));
        yield return Settle(failing);
        trace.Add($"failing: the puller sees {failing.Exception?.Message}");

        var cancelled = CreateTask(FromIterator(Consume(trace, "cancelled", FromIterator(Numbers(trace, "cancelled", 5)))));
        loop.CallLater(1.25, () => cancelled.Cancel());
        yield return Settle(cancelled);
        if (cancelled.Cancelled)
        {
            trace.Add("cancelled: the consumer task ends cancelled");
        }

        var ended = FromIterator(Numbers(trace, "ended", 1));
        yield return ended.Next();
        trace.Add($"ended: first {ended.Current}");
        for (var attempt = 0; attempt < 2; attempt++)
        {
            yield return ended.Next();
            if (ended.Ended)
            {
                trace.Add($"ended: pull {attempt + 2} ends");
            }
        }

        var closed = FromIterator(Numbers(trace, "closed", 3));
        yield return closed.Next();
        trace.Add($"closed: first {closed.Current}");
        closed.Close();
        yield return closed.Next();
        if (closed.Ended)
        {
            trace.Add("closed: a pull after aclose ends");
        }

        var shared = FromIterator(Numbers(trace, "shared", 3));
        var first = CreateTask(FromIterator(PullOnce(shared)));
        yield return Sleep(0);
        var second = Settle(shared.Next());
        yield return second;
        if (second.Exception is InvalidOperationException)
        {
            trace.Add("shared: a second concurrent pull is refused");
        }

        yield return first;
        trace.Add($"shared: the first pull got {first.Result}");
        shared.Close();
    }

    private static IEnumerable<Yield<int>> PullOnce(AsyncGenerator<int> generator)
    {
        yield return generator.Next();
        yield return Return(generator.Current);
    }

    [Fact]
    public void Async_generators_pull_close_fail_and_cancel_as_asyncios_do()
    {
        Scenario.Run(Scenarios, out List<string> trace);
        PythonTwin.AssertMatches("async_generators", trace);
    }

    [Fact]
    public void A_generator_that_never_suspends_hands_items_over_without_a_loop_round_trip()
    {
        IEnumerable<Emit<int>> Counting()
        {
            for (var i = 0; i < 3; i++)
            {
                yield return Emit(i);
            }
        }

        IEnumerable<Yield<string>> Main()
        {
            EventLoop loop = GetRunningLoop();
            var seen = new List<int>();
            using var numbers = FromIterator(Counting());
            var before = loop.Time();
            while (true)
            {
                yield return numbers.Next();
                if (numbers.Ended)
                {
                    break;
                }

                seen.Add(numbers.Current);
            }

            Assert.Throws<InvalidStateException>(() => numbers.Current);
            yield return Return($"{string.Join(",", seen)} at {loop.Time() - before}");
        }

        Assert.Equal("0,1,2 at 0", EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main())));
    }

    [Fact]
    public void A_generator_run_as_a_task_or_yielded_as_a_coroutine_fails_with_a_clear_error()
    {
        IEnumerable<Emit<int>> One()
        {
            yield return Emit(1);
        }

        var loop = EventLoop.CreateVirtual();
        var asTask = loop.CreateTask(FromIterator(One()));
        Assert.Contains("yield return its Next()", Assert.Throws<InvalidOperationException>(() => loop.RunUntilComplete(asTask)).Message);

        IEnumerable<Yield> YieldsIt()
        {
            yield return FromIterator(One());
        }

        Assert.Contains("yield return its Next()", Assert.Throws<InvalidOperationException>(() => loop.RunUntilComplete(FromIterator(YieldsIt()))).Message);
    }

    [Fact]
    public void A_generator_closed_before_its_first_pull_never_runs()
    {
        var trace = new List<string>();
        var generator = FromIterator(Numbers(trace, "never", 2));
        generator.Close();
        Assert.True(generator.Ended);
        Assert.Empty(trace);
    }

    private static IEnumerable<Emit<int>> SlowNumbers(List<string> trace, string name, double[] delays)
    {
        try
        {
            for (var i = 0; i < delays.Length; i++)
            {
                yield return Sleep(delays[i]);
                yield return Emit(i);
            }
        }
        finally
        {
            trace.Add($"{name}: finally at {GetRunningLoop().Time()}");
        }
    }

    private static IEnumerable<Yield> PullWithin(AsyncGenerator<int> generator, double seconds)
    {
        using (Timeout(seconds))
        {
            yield return generator.Next();
        }
    }

    private static IEnumerable<Yield> PerItemTimeouts(List<string> trace)
    {
        var loop = GetRunningLoop();
        var numbers = FromIterator(SlowNumbers(trace, "wait_for", [0.5, 3, 1]));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var next = WaitFor(numbers.Next(), 1);
            yield return Settle(next);
            trace.Add(next.Exception is TimeoutException
                ? $"wait_for: timed out at {loop.Time()}"
                : $"wait_for: got {numbers.Current} at {loop.Time()}");
        }

        yield return numbers.Next();
        if (numbers.Ended)
        {
            trace.Add($"wait_for: the generator has ended at {loop.Time()}");
        }

        numbers = FromIterator(SlowNumbers(trace, "scope", [0.5, 3, 1]));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var next = FromIterator(PullWithin(numbers, 1));
            yield return Settle(next);
            trace.Add(next.Exception is TimeoutException
                ? $"scope: timed out at {loop.Time()}"
                : $"scope: got {numbers.Current} at {loop.Time()}");
        }

        yield return numbers.Next();
        if (numbers.Ended)
        {
            trace.Add($"scope: the generator has ended at {loop.Time()}");
        }
    }

    [Fact]
    public void A_timeout_around_one_pull_delivers_an_item_in_time_and_otherwise_unwinds_the_generator()
    {
        Scenario.Run(PerItemTimeouts, out var trace);
        PythonTwin.AssertMatches("async_generator_timeouts", trace);
    }
}
