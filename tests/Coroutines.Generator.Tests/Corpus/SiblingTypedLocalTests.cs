using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Corpus;

/// <summary>
/// Templates as users write them: <c>var</c> whose type comes through a generated <c>...Async</c> sibling, its
/// <c>Result</c>, combinators over siblings' tasks, and pattern variables of those results. Each runs as the compiler's
/// iterator and as generated code, uncancelled and cancelled at every suspension point.
/// </summary>
public sealed class SiblingTypedLocalTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            [Coroutine]
            static IEnumerable<Yield<int>> Sleeper(string name, double delay)
            {
                Note($"{name} sleeps {delay}");
                yield return Sleep(delay);
                Note($"{name} wakes");
                yield return Return(name.Length);
            }

            [Coroutine]
            static IEnumerable<Yield> Idle(string name)
            {
                Note($"{name} idles");
                yield return Sleep(0.5);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> GatherThroughVar()
            {
                var t1 = CreateTask(SleeperAsync("t1", 1));
                var t2 = CreateTask(SleeperAsync("two", 2));
                var g = Gather(t1, t2);
                yield return Sleep(0.5);
                Note($"gathered yet: {g.Done}");
                yield return g;
                var results = g.Result;
                Note($"results {string.Join(",", results)}");
                yield return Return(results.Sum());
            }

            [Coroutine]
            static IEnumerable<Yield<int>> ResultThroughVar(double delay)
            {
                var c = SleeperAsync("child", delay);
                yield return c;
                var v = c.Result;
                Note($"child gave {v}");
                yield return Sleep(v);
                var again = SleeperAsync("again", v / 10.0);
                yield return again;
                yield return Return(v + again.Result);
            }

            [Coroutine]
            static IEnumerable<Yield<string>> Flag(string cc)
            {
                Note($"get {cc}");
                yield return Sleep(cc.Length * 0.5);
                if (cc == "xx") throw new KeyNotFoundException($"no flag for {cc}");
                yield return Return(cc.ToUpperInvariant());
            }

            [Coroutine]
            static IEnumerable<Yield<int>> PatternOfSiblingResult(string cc)
            {
                var flag = FlagAsync(cc);
                yield return Settle(flag);
                if (flag.Exception is { } other)
                {
                    Note($"failed: {other.Message}");
                    yield return Sleep(1);
                    Note($"kind {other.GetType().Name}");
                    yield return Return(-1);
                }

                if (flag.Result is { Length: > 1 } name && name.StartsWith("B"))
                {
                    yield return Sleep(1);
                    Note($"b-flag {name}");
                }

                switch (flag.Result)
                {
                    case "BR":
                        yield return Sleep(0.25);
                        Note("brazil");
                        break;
                    case var s when s.Length == 2:
                        yield return default;
                        Note($"two letters {s}");
                        break;
                }

                yield return Return(flag.Result.Length);
            }

            [Coroutine]
            static IEnumerable<Yield<string>> Download(string cc, AsyncSemaphore sem)
            {
                yield return sem.Acquire();
                try
                {
                    Note($"downloading {cc}");
                    var flag = FlagAsync(cc);
                    yield return flag;
                    yield return Return($"{cc}:{flag.Result}");
                }
                finally
                {
                    sem.Release();
                }
            }

            [Coroutine]
            static IEnumerable<Yield<int>> LinqTasksAsCompleted(int concurrency)
            {
                var codes = new[] { "br", "xx", "cn", "in", "usa" };
                var sem = new AsyncSemaphore(concurrency);
                var toDo = codes.Select(cc => CreateTask(DownloadAsync(cc, sem))).ToList();
                var ok = 0;
                foreach (var next in AsCompleted(toDo))
                {
                    yield return Settle(next);
                    try
                    {
                        Note($"done {next.Result}");
                        ok++;
                    }
                    catch (KeyNotFoundException e)
                    {
                        Note($"missing: {e.Message}");
                    }
                }

                yield return Return(ok);
            }

            [Coroutine]
            static IEnumerable<Yield<string>> WaitForThroughVar(double timeout)
            {
                var t = CreateTask(SleeperAsync("slow", 2));
                var wt = Co.WaitFor(t, timeout);
                yield return Settle(wt);
                var outcome = wt.Exception is TimeoutException ? "timed out" : $"got {wt.Result}";
                Note(outcome);
                yield return Sleep(0.5);
                Note($"task cancelled: {t.Cancelled}");
                yield return Return(outcome);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> WaitDeconstructed()
            {
                var tasks = new[] { 3.0, 1.0, 2.0 }.Select((d, i) => CreateTask(SleeperAsync($"s{i}", d))).ToList();
                var waiting = Wait(tasks, timeout: 2.5, returnWhen: ReturnWhen.FirstCompleted);
                yield return waiting;
                var (done, pending) = waiting.Result;
                Note($"done {done.Count}, pending {pending.Count}");
                yield return Sleep(1);
                foreach (var p in pending)
                {
                    yield return p;
                    Note($"late {p.Result}");
                }

                yield return Return(done.Count * 10 + pending.Count);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> TaskOfIdle()
            {
                var idle = CreateTask(IdleAsync("worker"), name: "idle-worker");
                var name = idle.Name;
                yield return Sleep(0.1);
                Note($"{name} done: {idle.Done}");
                yield return idle;
                Note($"{name} done: {idle.Done}");
                yield return Return(name.Length);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> TernaryAndConditionalAccess(bool slow)
            {
                var job = slow ? SleeperAsync("slow", 2) : SleeperAsync("fast", 0.5);
                var task = CreateTask(job);
                var maybe = slow ? task : null;
                yield return Sleep(1);
                Note($"maybe done {maybe?.Done ?? false}");
                yield return task;
                var total = task.Result + (maybe?.Result ?? 0);
                yield return Return(total);
            }
        """));

    [Fact]
    public void VarThroughGather_TypesFromTheSiblings() =>
        Assert.Contains("results 2,3", Oracle.AssertSameUnderEveryCancellation(s_loaded, "GatherThroughVar"));

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void VarOfAResult_LivesAcrossLaterSuspensions(double delay) =>
        Assert.Contains("result 10", Oracle.AssertSameUnderEveryCancellation(s_loaded, "ResultThroughVar", delay));

    [Theory]
    [InlineData("xx", "failed: no flag for xx")]
    [InlineData("br", "b-flag BR")]
    [InlineData("de", "two letters DE")]
    public void PatternVariablesOfSiblingResults(string cc, string expected) =>
        Assert.Contains(expected, Oracle.AssertSameUnderEveryCancellation(s_loaded, "PatternOfSiblingResult", cc));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void LinqOfTasks_OverAsCompleted(int concurrency) =>
        Assert.Contains("missing: no flag for xx", Oracle.AssertSameUnderEveryCancellation(s_loaded, "LinqTasksAsCompleted", concurrency));

    [Theory]
    [InlineData(0.5, "timed out")]
    [InlineData(5.0, "got 4")]
    public void WaitForOfATaskThroughVar(double timeout, string expected) =>
        Assert.Contains(expected, Oracle.AssertSameUnderEveryCancellation(s_loaded, "WaitForThroughVar", timeout));

    [Fact]
    public void WaitResultDeconstructedIntoVars() =>
        Assert.Contains("done 1, pending 2", Oracle.AssertSameUnderEveryCancellation(s_loaded, "WaitDeconstructed"));

    [Fact]
    public void TaskOfAVoidSibling() =>
        Assert.Contains("idle-worker done: True", Oracle.AssertSameUnderEveryCancellation(s_loaded, "TaskOfIdle"));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TernaryAndConditionalAccessOfSiblings(bool slow) =>
        Assert.Contains("result", Oracle.AssertSameUnderEveryCancellation(s_loaded, "TernaryAndConditionalAccess", slow));
}
