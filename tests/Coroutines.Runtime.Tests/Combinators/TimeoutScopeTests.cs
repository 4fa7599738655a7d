using System.Globalization;
using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Combinators;

/// <summary>
/// <c>using (Timeout(s)) { ... }</c> in a template is asyncio's <c>async with asyncio.timeout(s):</c>, ordering for
/// ordering (PythonTwins/timeout_scope.py): expiry cancels at the suspension point, leaving the scope turns that
/// cancellation (and only that one) into a TimeoutException, an outer Cancel() stays a cancellation, nested scopes.
/// </summary>
public class TimeoutScopeTests
{
    /// <summary>A number as Python's f-string prints it: 10 for an int, 0.5 and 1.0 for floats.</summary>
    private static string Py(double value, bool isFloat = true) =>
        isFloat && value == Math.Floor(value) ? value.ToString("0.0", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Py(bool value) => value ? "True" : "False";

    private static IEnumerable<Yield> Block(List<string> trace, string name, double delay, double? limit, bool delayIsFloat = true)
    {
        try
        {
            var scope = Timeout(limit);
            using (scope)
            {
                trace.Add($"{name}: sleeps {Py(delay, delayIsFloat)}, deadline in {(limit is double l ? Py(l, l != Math.Floor(l)) : "None")}");
                try
                {
                    yield return Sleep(delay);
                    trace.Add($"{name}: woke");
                }
                finally
                {
                    trace.Add($"{name}: inner finally, expired={Py(scope.Expired)}");
                }
            }

            trace.Add($"{name}: after the scope, expired={Py(scope.Expired)}");
        }
        finally
        {
            trace.Add($"{name}: outer finally");
        }
    }

    private static IEnumerable<Yield> Nested(List<string> trace, string name, double outerLimit, double innerLimit, double delay)
    {
        using (var outer = Timeout(outerLimit))
        {
            var inner = Timeout(innerLimit);
            try
            {
                using (inner)
                {
                    yield return Sleep(delay);
                }
            }
            finally
            {
                trace.Add($"{name}: inner scope left, inner expired={Py(inner.Expired)}, outer expired={Py(outer.Expired)}");
            }

            trace.Add($"{name}: between the scopes");
        }

        trace.Add($"{name}: after both");
    }

    private static IEnumerable<Yield> Rescheduled(List<string> trace, string name)
    {
        EventLoop loop = GetRunningLoop();
        double start = loop.Time();
        using (var scope = Timeout(1))
        {
            trace.Add($"{name}: deadline in {Py(scope.When!.Value - loop.Time())}");
            yield return Sleep(0.5);
            scope.Reschedule(loop.Time() + 2);
            trace.Add($"{name}: moved to +{Py(scope.When!.Value - start)}");
            yield return Sleep(1);
            trace.Add($"{name}: still running at +{Py(loop.Time() - start)}");
            yield return Sleep(5);
        }
    }

    private static IEnumerable<Yield> At()
    {
        using (TimeoutAt(GetRunningLoop().Time() + 0.75))
        {
            yield return Sleep(3);
        }
    }

    private static IEnumerable<Yield> Outcome(List<string> trace, string name, CoroutineTask task)
    {
        EventLoop loop = GetRunningLoop();
        double start = loop.Time();
        yield return Settle(task);
        string at = Py(loop.Time() - start);
        if (task.Cancelled)
        {
            trace.Add($"{name}: cancelled at +{at}, cancelling={task.Cancelling()}");
        }
        else if (task.Exception is TimeoutException timeout)
        {
            Assert.IsType<CancelledException>(timeout.InnerException);
            trace.Add($"{name}: TimeoutError at +{at}, cancelling={task.Cancelling()}");
        }
        else
        {
            trace.Add($"{name}: completed at +{at}");
        }
    }

    private static IEnumerable<Yield> CancelLater(CoroutineTask task, double delay)
    {
        yield return Sleep(delay);
        task.Cancel();
    }

    private static IEnumerable<Yield> Scenarios(List<string> trace)
    {
        CoroutineTask Task(IEnumerable<Yield> body) => CreateTask(FromIterator(body));

        yield return FromIterator(Outcome(trace, "expires", Task(Block(trace, "expires", 10, 0.5, delayIsFloat: false))));
        yield return FromIterator(Outcome(trace, "left early", Task(Block(trace, "left early", 0.25, 1))));
        yield return FromIterator(Outcome(trace, "no deadline", Task(Block(trace, "no deadline", 0.25, null))));

        CoroutineTask outerCancel = Task(Block(trace, "outer cancel", 10, 5, delayIsFloat: false));
        CreateTask(FromIterator(CancelLater(outerCancel, 1)));
        yield return FromIterator(Outcome(trace, "outer cancel", outerCancel));

        CoroutineTask both = Task(Block(trace, "both", 10, 2, delayIsFloat: false));
        GetRunningLoop().CallAt(GetRunningLoop().Time() + 2, () => both.Cancel());
        yield return FromIterator(Outcome(trace, "both", both));

        yield return FromIterator(Outcome(trace, "inner first", Task(Nested(trace, "inner first", 2, 1, 10))));
        yield return FromIterator(Outcome(trace, "outer first", Task(Nested(trace, "outer first", 1, 2, 10))));
        yield return FromIterator(Outcome(trace, "same deadline", Task(Nested(trace, "same deadline", 1, 1, 10))));
        yield return FromIterator(Outcome(trace, "rescheduled", Task(Rescheduled(trace, "rescheduled"))));
        yield return FromIterator(Outcome(trace, "timeout_at", Task(At())));
    }

    [Fact]
    public void Scopes_ExpireCancelNestAndRescheduleAsAsyncioTimeoutDoes()
    {
        Scenario.Run(Scenarios, out List<string> trace);
        PythonTwin.AssertMatches("timeout_scope", trace);
    }

    private static IEnumerable<Yield> InnerCoroutineTimesOut(List<string> trace)
    {
        // The scope sits in a coroutine run inline; its caller settles it and reacts to the TimeoutException.
        Coroutine fetch = FromIterator(Block(trace, "inline", 10, 0.5, delayIsFloat: false));
        yield return Settle(fetch);
        trace.Add($"caller sees {fetch.Exception?.GetType().Name}");
        yield return Sleep(1);
        trace.Add("caller goes on");
    }

    [Fact]
    public void ATimeoutInAnInlineCoroutine_StopsAtTheCallersSettle()
    {
        Scenario.Run(InnerCoroutineTimesOut, out List<string> trace);
        Assert.Equal(
            new[]
            {
                "inline: sleeps 10, deadline in 0.5", "inline: inner finally, expired=True", "inline: outer finally",
                "caller sees TimeoutException", "caller goes on",
            },
            trace);
    }

    private static IEnumerable<Yield> CancelledWhileInline(List<string> trace, Func<CoroutineTask> self)
    {
        Coroutine fetch = FromIterator(Block(trace, "inline", 10, 5, delayIsFloat: false));
        GetRunningLoop().CallLater(1, () => self().Cancel());
        yield return Settle(fetch);
        trace.Add("never: a cancellation passes a Settle");
    }

    [Fact]
    public void AnOuterCancellation_PassesTheSettleAndEndsTheTaskCancelled()
    {
        var trace = new List<string>();
        var loop = EventLoop.CreateVirtual();
        CoroutineTask? task = null;
        task = loop.CreateTask(FromIterator(CancelledWhileInline(trace, () => task!)));
        Assert.Throws<CancelledException>(() => loop.RunUntilComplete(task));
        Assert.Equal(new[] { "inline: sleeps 10, deadline in 5", "inline: inner finally, expired=False", "inline: outer finally" }, trace);
    }

    [Fact]
    public void RescheduleAfterExpiry_IsAnError_AndDisposeTwiceIsHarmless()
    {
        var loop = EventLoop.CreateVirtual();
        TimeoutScope? kept = null;
        IEnumerable<Yield> Body()
        {
            kept = Timeout(0.1);
            using (kept)
            {
                yield return Sleep(1);
            }
        }

        CoroutineTask task = loop.CreateTask(FromIterator(Body()));
        Assert.Throws<TimeoutException>(() => loop.RunUntilComplete(task));
        Assert.True(kept!.Expired);
        Assert.Throws<InvalidOperationException>(() => kept.Reschedule(5));
        kept.Dispose();
        Assert.Equal("<TimeoutScope [expired] when=0.1>", kept.ToString());
    }

    [Fact]
    public void TimeoutRun_StillRunsWorkAsAChildTaskUnderTheDeadline()
    {
        var loop = EventLoop.CreateVirtual();
        IEnumerable<Yield<string>> Body()
        {
            var work = Timeout(0.5).Run(FromIterator(Block(new List<string>(), "work", 10, null, delayIsFloat: false)));
            yield return Settle(work);
            yield return Return($"{work.Exception?.GetType().Name} at {loop.Time()}");
        }

        Assert.Equal("TimeoutException at 0.5", loop.RunUntilComplete(FromIterator(Body())));
    }
}
