using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Combinators;

public class CombinatorTests
{
    private static IEnumerable<Yield<int>> Value(List<string> trace, string name, double delay, int result)
    {
        try
        {
            yield return Sleep(delay);
            trace.Add($"{name} finished");
            yield return Return(result);
        }
        finally
        {
            trace.Add($"{name} finally");
        }
    }

    private static IEnumerable<Yield<int>> Fail(List<string> trace, double delay)
    {
        yield return Sleep(delay);
        trace.Add("fail raising");
        throw new ArgumentException("broken");
    }

    private static string PythonName(object? e) => e is ArgumentException ? "ValueError" : e is KeyNotFoundException ? "KeyError" : e?.GetType().Name ?? "None";

    private static IEnumerable<Yield> GatherScenario(List<string> trace)
    {
        Future<int[]> all = Gather(FromIterator(Value(trace, "slow", 0.3, 1)), FromIterator(Value(trace, "fast", 0.1, 2)), FromIterator(Value(trace, "mid", 0.2, 3)));
        yield return all;
        trace.Add($"results [{string.Join(", ", all.Result)}]");

        CoroutineTask<int> survivor = CreateTask(Value(trace, "survivor", 0.5, 9));
        Future<int[]> failing = Gather(CreateTask(Fail(trace, 0.1)), survivor);
        yield return Wait(failing);
        trace.Add($"gather failed with {PythonName(failing.Exception)}: {failing.Exception!.Message}; survivor done={survivor.Done}");
        yield return survivor;
        trace.Add($"survivor result {survivor.Result}");

        Future<object?[]> settled = Gather(new object[] { FromIterator(Fail(trace, 0.1)), FromIterator(Value(trace, "ok", 0.2, 5)) }, returnExceptions: true);
        yield return settled;
        trace.Add($"with return_exceptions: [{string.Join(", ", settled.Result.Select(r => r is Exception ? $"'{PythonName(r)}'" : r))}]");

        CoroutineTask<int> a = CreateTask(Value(trace, "a", 10, 0));
        CoroutineTask<int> b = CreateTask(Value(trace, "b", 10, 0));
        Future<int[]> both = Gather(a, b);
        yield return Sleep(0.1);
        trace.Add($"cancel gather returned {both.Cancel()}");
        yield return Wait(both);
        trace.Add($"a cancelled={a.Cancelled} b cancelled={b.Cancelled} gather raises {(both.Exception is CancelledException ? "CancelledError" : "?")}");

        // Gathering finished tasks: each registration is delivered on a later iteration, as a done callback would be.
        CoroutineTask<int> done = CreateTask(Value(trace, "done", 0, 7));
        yield return done;
        Future<int[]> twice = Gather(done, done);
        twice.AddDoneCallback(_ => trace.Add("gather of a finished task done callback"));
        GetRunningLoop().CallSoon(() => trace.Add("call_soon after that gather"));
        yield return twice;
        trace.Add($"gather of a finished task twice: [{string.Join(", ", twice.Result)}]");

        // Several gathers over one pending task: each is told once the task is done.
        CoroutineTask<int> shared = CreateTask(Value(trace, "shared", 0.1, 8));
        Future<int[]> first = Gather(shared);
        first.AddDoneCallback(_ => trace.Add("first gather done callback"));
        Future<int[]> second = Gather(shared, shared);
        yield return second;
        trace.Add($"two gathers over one task: [{string.Join(", ", first.Result)}] [{string.Join(", ", second.Result)}]");
    }

    [Fact]
    public void Gather_keeps_argument_order_propagates_the_first_failure_and_cancels_its_children()
    {
        Scenario.Run(GatherScenario, out List<string> trace);
        PythonTwin.AssertMatches("gather", trace);
    }

    private static IEnumerable<Yield<string>> Job(List<string> trace, string name, double delay, bool fail = false)
    {
        try
        {
            yield return Sleep(delay);
            if (fail)
            {
                throw new KeyNotFoundException(name);
            }

            yield return Return(name);
        }
        finally
        {
            trace.Add($"{name} finally");
        }
    }

    private static string Names(IEnumerable<Future> futures, Dictionary<Future, string> names) =>
        "[" + string.Join(", ", futures.Select(f => names[f]).OrderBy(n => n, StringComparer.Ordinal).Select(n => $"'{n}'")) + "]";

    private static IEnumerable<Yield> WaitScenario(List<string> trace)
    {
        double start = GetRunningLoop().Time();
        var names = new Dictionary<Future, string>();
        var tasks = new List<Future>();
        foreach ((string name, double delay) in new[] { ("one", 0.3), ("two", 0.1), ("three", 0.2) })
        {
            CoroutineTask<string> task = CreateTask(Job(trace, name, delay));
            names[task] = name;
            tasks.Add(task);
        }

        Future<WaitResult> first = Wait(tasks, returnWhen: ReturnWhen.FirstCompleted);
        yield return first;
        trace.Add($"first completed: done={Names(first.Result.Done, names)} pending={Names(first.Result.Pending, names)}");
        Future<WaitResult> timed = Wait(tasks, timeout: 0.05);
        yield return timed;
        trace.Add($"timeout 0.05: done={Names(timed.Result.Done, names)} pending={Names(timed.Result.Pending, names)}");
        Future<WaitResult> all = Wait(tasks);
        yield return all;
        trace.Add($"all: done={Names(all.Result.Done, names)} pending={Names(all.Result.Pending, names)}");

        CoroutineTask<string> bad = CreateTask(Job(trace, "bad", 0.1, fail: true));
        CoroutineTask<string> longJob = CreateTask(Job(trace, "long", 1));
        var names2 = new Dictionary<Future, string> { [bad] = "bad", [longJob] = "long" };
        Future<WaitResult> firstError = Wait(new Future[] { bad, longJob }, returnWhen: ReturnWhen.FirstException);
        yield return firstError;
        trace.Add($"first exception: done={Names(firstError.Result.Done, names2)} pending={Names(firstError.Result.Pending, names2)}");
        longJob.Cancel();
        _ = bad.Exception;

        Future<string> tooSlow = WaitFor(FromIterator(Job(trace, "too slow", 5)), timeout: 1);
        yield return Settle(tooSlow);
        if (tooSlow.Exception is TimeoutException)
        {
            trace.Add(FormattableString.Invariant($"wait_for raised TimeoutError at t={Math.Round(GetRunningLoop().Time() - start, 1)}"));
        }

        Future<string> quick = WaitFor(FromIterator(Job(trace, "quick", 0.5)), timeout: 1);
        yield return quick;
        trace.Add($"wait_for returned {quick.Result}");
    }

    [Fact]
    public void Wait_and_WaitFor_match_asyncio()
    {
        Scenario.Run(WaitScenario, out List<string> trace);
        PythonTwin.AssertMatches("wait_and_wait_for", trace);
    }

    private static IEnumerable<Yield<string>> Named(string name, double delay)
    {
        yield return Sleep(delay);
        yield return Return(name);
    }

    private static IEnumerable<Yield<string>> Guarded(List<string> trace)
    {
        try
        {
            yield return Sleep(1);
            trace.Add("shielded work finished");
            yield return Return("kept");
        }
        finally
        {
            trace.Add("shielded work finally");
        }
    }

    private static IEnumerable<Yield> ShieldWaiter(List<string> trace, CoroutineTask<string> inner)
    {
        try
        {
            yield return Shield(inner);
        }
        finally
        {
            trace.Add("waiter finally");
        }
    }

    private static IEnumerable<Yield> AsCompletedScenario(List<string> trace)
    {
        foreach (Future<string> next in AsCompleted(new[] { FromIterator(Named("c", 0.3)), FromIterator(Named("a", 0.1)), FromIterator(Named("b", 0.2)) }))
        {
            yield return next;
            trace.Add($"as_completed gave {next.Result}");
        }

        var got = new List<string>();
        foreach (Future<string> next in AsCompleted(new[] { FromIterator(Named("quick", 0.1)), FromIterator(Named("late", 5)) }, timeout: 1))
        {
            yield return Settle(next);
            if (next.Exception is TimeoutException)
            {
                trace.Add($"as_completed timed out after [{string.Join(", ", got.Select(g => $"'{g}'"))}]");
                break;
            }

            got.Add(next.Result);
        }

        CoroutineTask<string> inner = CreateTask(Guarded(trace));
        CoroutineTask w = CreateTask(ShieldWaiter(trace, inner));
        yield return Sleep(0.5);
        w.Cancel();
        yield return Sleep(0);
        trace.Add($"waiter cancelled={w.Cancelled} inner done={inner.Done}");
        yield return inner;
        trace.Add($"inner result {inner.Result}");
    }

    [Fact]
    public void AsCompleted_yields_in_completion_order_and_Shield_keeps_the_inner_work_running()
    {
        Scenario.Run(AsCompletedScenario, out List<string> trace);
        PythonTwin.AssertMatches("as_completed_shield", trace);
    }

    [Fact]
    public void WaitFor_cancelled_from_outside_cancels_the_inner_work_and_ends_cancelled_not_timed_out()
    {
        var trace = new List<string>();
        var loop = EventLoop.CreateVirtual();
        Future<string>? inner = null;
        IEnumerable<Yield> Outer()
        {
            inner = WaitFor(FromIterator(Job(trace, "inner", 5)), timeout: 10);
            yield return inner;
        }

        CoroutineTask outer = loop.CreateTask(FromIterator(Outer()));
        loop.CallLater(1, () => outer.Cancel());
        Assert.Throws<CancelledException>(() => loop.RunUntilComplete(outer));
        Assert.True(inner!.Cancelled);
        Assert.Equal(new[] { "inner finally" }, trace);
    }

    [Fact]
    public void WaitFor_with_a_zero_timeout_cancels_the_work_before_it_runs()
    {
        var trace = new List<string>();
        IEnumerable<Yield<string>> Work()
        {
            trace.Add("ran");
            yield return Return("x");
        }

        IEnumerable<Yield<bool>> Main()
        {
            Future<string> attempt = WaitFor(FromIterator(Work()), timeout: 0);
            yield return Settle(attempt);
            yield return Return(attempt.Exception is TimeoutException);
        }

        Assert.True(EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main())));
        Assert.Empty(trace);
    }

    [Fact]
    public void A_timeout_scope_can_be_rescheduled_while_its_work_runs()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Main()
        {
            TimeoutScope scope = Timeout(1);
            Future work = scope.Run(FromIterator(Job(trace, "work", 3)));
            yield return Sleep(0.5);
            scope.Reschedule(GetRunningLoop().Time() + 5);
            yield return Settle(work);
            trace.Add($"after reschedule: succeeded={!work.Cancelled && work.Exception is null} expired={scope.Expired} at {GetRunningLoop().Time()}");

            TimeoutScope tight = Timeout(10);
            Future slow = tight.Run(FromIterator(Job(trace, "slow", 30)));
            yield return Sleep(1);
            tight.Reschedule(GetRunningLoop().Time() + 1);
            yield return Settle(slow);
            trace.Add($"tightened: timeout={slow.Exception is TimeoutException} expired={tight.Expired} at {GetRunningLoop().Time()}");
        }

        var loop = EventLoop.CreateVirtual();
        loop.RunUntilComplete(FromIterator(Main()));
        Assert.Equal(new[]
        {
            "work finally",
            "after reschedule: succeeded=True expired=False at 3",
            "slow finally",
            "tightened: timeout=True expired=True at 5",
        }, trace);
    }

    [Fact]
    public void WaitFor_Shield_and_Timeout_complete_for_coroutines_without_a_result()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Quick(string name)
        {
            yield return Sleep(0.5);
            trace.Add(name);
        }

        IEnumerable<Yield> Main()
        {
            Future waited = WaitFor(FromIterator(Quick("wait_for")), timeout: 5);
            yield return waited;
            Future shielded = Shield(FromIterator(Quick("shield")));
            yield return shielded;
            Future scoped = Timeout(5).Run(FromIterator(Quick("timeout")));
            yield return scoped;
            trace.Add($"all done without failure: {waited.Exception is null && shielded.Exception is null && scoped.Exception is null}");
        }

        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main()));
        Assert.Equal(new[] { "wait_for", "shield", "timeout", "all done without failure: True" }, trace);
    }

    [Fact]
    public void A_stack_leaf_waiting_on_a_future_reads_as_the_future()
    {
        var loop = EventLoop.CreateVirtual();
        Future<int> future = loop.CreateFuture<int>();
        IEnumerable<Yield> Waits()
        {
            yield return future;
        }

        CoroutineTask task = loop.CreateTask(FromIterator(Waits()));
        IReadOnlyList<CoroutineFrame>? stack = null;
        loop.CallLater(1, () =>
        {
            stack = task.GetStack();
            future.SetResult(1);
        });
        loop.RunUntilComplete(task);
        Assert.Equal(new[] { "Waits()", "<Future pending>" }, stack!.Select(f => f.ToString()));
    }
}
