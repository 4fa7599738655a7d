using System.Globalization;
using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Tasks;

/// <summary>
/// <c>yield return Defer(cleanup)</c> is the <c>async with</c> guarantee: cleanup that suspends runs when the coroutine
/// ends however it ends, before its caller resumes (PythonTwins/async_cleanup.py, whose <c>__aexit__</c> awaits).
/// </summary>
public class DeferTests
{
    private static string Py(double value) =>
        value == Math.Floor(value) ? value.ToString("0.0", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    private static IEnumerable<Yield> Close(List<string> trace, string name)
    {
        trace.Add($"{name}: closing");
        yield return Sleep(0.5);
        trace.Add($"{name}: closed");
    }

    private static IEnumerable<Yield> Use(List<string> trace, string name, double work, bool fail = false)
    {
        trace.Add($"{name}: open");
        yield return Defer(() => FromIterator(Close(trace, name)));
        trace.Add($"{name}: using");
        yield return Sleep(work);
        if (fail)
        {
            throw new ArgumentException($"{name} failed");
        }

        trace.Add($"{name}: done using");
    }

    private static IEnumerable<Yield> Inner(List<string> trace)
    {
        trace.Add("inner: open");
        yield return Defer(() => FromIterator(Close(trace, "inner")));
        yield return Sleep(1);
    }

    private static IEnumerable<Yield> Nested(List<string> trace)
    {
        trace.Add("outer: open");
        yield return Defer(() => FromIterator(Close(trace, "outer")));
        yield return FromIterator(Inner(trace));
    }

    private static IEnumerable<Yield> Outcome(List<string> trace, string name, CoroutineTask task)
    {
        EventLoop loop = GetRunningLoop();
        double start = loop.Time();
        yield return Settle(task);
        string at = Py(loop.Time() - start);
        trace.Add(task.Cancelled ? $"{name}: cancelled at +{at}" : task.Exception is { } failure ? $"{name}: {failure.Message} at +{at}" : $"{name}: completed at +{at}");
    }

    private static IEnumerable<Yield> Scenarios(List<string> trace)
    {
        EventLoop loop = GetRunningLoop();
        yield return FromIterator(Outcome(trace, "normal", CreateTask(FromIterator(Use(trace, "normal", 1)))));
        yield return FromIterator(Outcome(trace, "failing", CreateTask(FromIterator(Use(trace, "failing", 1, fail: true)))));

        var cancelled = CreateTask(FromIterator(Use(trace, "cancelled", 5)));
        loop.CallLater(1, () => cancelled.Cancel());
        yield return FromIterator(Outcome(trace, "cancelled", cancelled));

        var twice = CreateTask(FromIterator(Use(trace, "twice", 5)));
        loop.CallLater(1, () => twice.Cancel());
        loop.CallLater(1.25, () => twice.Cancel());
        yield return FromIterator(Outcome(trace, "twice", twice));

        var nested = CreateTask(FromIterator(Nested(trace)));
        loop.CallLater(0.5, () => nested.Cancel());
        yield return FromIterator(Outcome(trace, "nested", nested));
    }

    [Fact]
    public void Deferred_cleanup_runs_however_the_coroutine_ends_and_a_second_cancel_interrupts_it()
    {
        Scenario.Run(Scenarios, out List<string> trace);
        PythonTwin.AssertMatches("async_cleanup", trace);
    }

    [Fact]
    public void Several_cleanups_run_last_first_and_a_failing_one_replaces_the_outcome_after_the_others_ran()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Failing(string name)
        {
            trace.Add($"{name}: closing");
            yield return Sleep(0.1);
            throw new InvalidOperationException($"{name} could not close");
        }

        IEnumerable<Yield<int>> Body()
        {
            yield return Defer(() => FromIterator(Close(trace, "first")));
            yield return Defer(() => FromIterator(Failing("second")));
            yield return Defer(() => FromIterator(Close(trace, "third")));
            yield return Return(42);
        }

        IEnumerable<Yield<string>> Main()
        {
            var body = FromIterator(Body());
            yield return Settle(body);
            yield return Return($"{body.Exception?.Message} at {GetRunningLoop().Time()}");
        }

        Assert.Equal("second could not close at 1.1", EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main())));
        Assert.Equal(new[] { "third: closing", "third: closed", "second: closing", "first: closing", "first: closed" }, trace);
    }

    [Fact]
    public void An_async_generator_closed_by_using_runs_its_deferred_cleanup_as_a_task()
    {
        var trace = new List<string>();
        IEnumerable<Emit<int>> Numbers()
        {
            yield return Defer(() => FromIterator(Close(trace, "numbers")));
            for (var i = 0; ; i++)
            {
                yield return Emit(i);
            }
        }

        IEnumerable<Yield> Main()
        {
            using (var numbers = FromIterator(Numbers()))
            {
                yield return numbers.Next();
                trace.Add($"got {numbers.Current}");
            }

            trace.Add("left the using");
            yield return Sleep(1);
        }

        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main()));
        Assert.Equal(new[] { "got 0", "left the using", "numbers: closing", "numbers: closed" }, trace);
    }
}
