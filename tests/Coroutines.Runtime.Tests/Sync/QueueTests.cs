using System.Globalization;
using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Sync;

public class QueueTests
{
    private static IEnumerable<Yield> Producer(string name, AsyncQueue<int> q, int[] items, List<string> trace)
    {
        foreach (int item in items)
        {
            trace.Add($"{name} puts {item} (size={q.Count}, full={q.Full})");
            yield return q.Put(item);
            trace.Add($"{name} put {item}");
        }
    }

    private static IEnumerable<Yield> Consumer(string name, AsyncQueue<int> q, int count, double pause, List<string> trace)
    {
        for (int i = 0; i < count; i++)
        {
            Coroutine<int> get = q.Get();
            yield return get;
            trace.Add($"{name} got {get.Result}");
            yield return Sleep(pause);
            q.TaskDone();
        }
    }

    private static IEnumerable<Yield> BoundedScenario(List<string> trace)
    {
        double start = GetRunningLoop().Time();
        var q = new AsyncQueue<int>(maxSize: 2);
        var consumers = new[] { CreateTask(Consumer("c1", q, 3, 0.1, trace)), CreateTask(Consumer("c2", q, 3, 0.13, trace)) };
        yield return Sleep(0);
        var producers = new[]
        {
            CreateTask(Producer("p1", q, new[] { 1, 2, 3 }, trace)),
            CreateTask(Producer("p2", q, new[] { 10, 20, 30 }, trace)),
        };
        yield return Sleep(0);
        trace.Add($"joining with size={q.Count}");
        yield return q.Join();
        trace.Add(string.Create(CultureInfo.InvariantCulture, $"joined at t={GetRunningLoop().Time() - start:0.0}"));
        foreach (CoroutineTask t in producers.Concat(consumers))
        {
            yield return t;
        }

        trace.Add($"end size={q.Count} empty={(q.Empty ? "True" : "False")}");
        Assert.Equal(0, q.GetterCount);
        Assert.Equal(0, q.PutterCount);
    }

    [Fact]
    public void Bounded_queue_blocks_putters_when_full_and_getters_when_empty_in_FIFO_order()
    {
        Scenario.Run(BoundedScenario, out List<string> trace);
        PythonTwin.AssertMatches("queue_bounded", trace);
    }

    private static IEnumerable<Yield> Getter(string name, AsyncQueue<string> q, List<string> trace)
    {
        Coroutine<string> get = q.Get();
        bool got = false;
        try
        {
            yield return get;
            got = true;
        }
        finally
        {
            if (!got)
            {
                trace.Add($"{name} cancelled, size={q.Count}");
            }
        }

        trace.Add($"{name} got {get.Result}");
    }

    private static IEnumerable<Yield> Putter(string name, AsyncQueue<string> q, List<string> trace)
    {
        bool put = false;
        try
        {
            yield return q.Put(name);
            put = true;
        }
        finally
        {
            if (!put)
            {
                trace.Add($"{name} cancelled, size={q.Count}");
            }
        }

        trace.Add($"{name} put {name}");
    }

    private static IEnumerable<Yield> CancelScenario(List<string> trace)
    {
        var q = new AsyncQueue<string>();
        CoroutineTask[] g = new[] { "g1", "g2", "g3" }.Select(n => CreateTask(Getter(n, q, trace))).ToArray();
        yield return Sleep(0);
        g[1].Cancel();
        yield return Sleep(0);
        q.PutNowait("x");
        g[0].Cancel();
        trace.Add("put x and cancelled g1");
        foreach (CoroutineTask t in g)
        {
            yield return Settle(t);
        }

        trace.Add($"getters done, size={q.Count}");
        Assert.Equal(0, q.GetterCount);

        var q2 = new AsyncQueue<string>(maxSize: 1);
        q2.PutNowait("old");
        CoroutineTask[] p = new[] { "p1", "p2", "p3" }.Select(n => CreateTask(Putter(n, q2, trace))).ToArray();
        yield return Sleep(0);
        p[1].Cancel();
        yield return Sleep(0);
        trace.Add($"took {q2.GetNowait()} and cancelled p1");
        p[0].Cancel();
        foreach (CoroutineTask t in p)
        {
            yield return Settle(t);
        }

        trace.Add($"putters done, q2 holds {q2.GetNowait()}, empty={(q2.Empty ? "True" : "False")}");
        Assert.Equal(0, q2.PutterCount);
        Assert.True(g[0].Cancelled && g[1].Cancelled && !g[2].Cancelled);
        Assert.True(p[0].Cancelled && p[1].Cancelled && !p[2].Cancelled);
    }

    [Fact]
    public void Cancelled_getters_and_putters_leave_no_trace_and_pass_on_a_wakeup()
    {
        Scenario.Run(CancelScenario, out List<string> trace);
        PythonTwin.AssertMatches("queue_cancel", trace);
    }

    private static IEnumerable<Yield> KindsScenario(List<string> trace)
    {
        var pq = new AsyncPriorityQueue<(int Priority, string Job)>(
            comparer: Comparer<(int Priority, string Job)>.Create((x, y) => x.Priority.CompareTo(y.Priority)));
        foreach ((int, string) entry in new[] { (2, "write"), (1, "read"), (3, "idle"), (1, "read again"), (2, "write again") })
        {
            pq.PutNowait(entry);
        }

        while (!pq.Empty)
        {
            Coroutine<(int Priority, string Job)> get = pq.Get();
            yield return get;
            trace.Add($"priority {get.Result.Priority}: {get.Result.Job}");
        }

        var lq = new AsyncLifoQueue<string>(maxSize: 3);
        foreach (string item in new[] { "a", "b", "c" })
        {
            yield return lq.Put(item);
        }

        trace.Add($"lifo full={(lq.Full ? "True" : "False")}");
        CoroutineTask waiting = CreateTask(PutOne(lq, "d"));
        yield return Sleep(0);
        Coroutine<string> first = lq.Get();
        yield return first;
        trace.Add($"lifo got {first.Result}");
        yield return waiting;
        while (!lq.Empty)
        {
            trace.Add($"lifo got {lq.GetNowait()}");
        }

        Assert.Throws<QueueEmptyException>(() => lq.GetNowait());
        trace.Add("get_nowait on empty raised QueueEmpty");
    }

    private static IEnumerable<Yield> PutOne(AsyncQueue<string> q, string item)
    {
        yield return q.Put(item);
    }

    [Fact]
    public void Priority_queue_returns_smallest_first_stably_and_lifo_queue_returns_newest_first()
    {
        Scenario.Run(KindsScenario, out List<string> trace);
        PythonTwin.AssertMatches("queue_kinds", trace);
    }

    [Fact]
    public void Nowait_calls_raise_when_full_or_empty_and_TaskDone_refuses_to_go_below_zero()
    {
        var q = new AsyncQueue<int>(maxSize: 1);
        Assert.Equal(1, q.MaxSize);
        Assert.Throws<QueueEmptyException>(() => q.GetNowait());
        q.PutNowait(1);
        Assert.True(q.Full);
        Assert.Throws<QueueFullException>(() => q.PutNowait(2));
        Assert.Equal(1, q.GetNowait());
        q.TaskDone();
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(q.TaskDone);
        Assert.Contains("too many times", error.Message);
        Assert.False(new AsyncQueue<int>().Full);
    }

    [Fact]
    public void An_uncontended_get_and_put_do_not_suspend()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Body()
        {
            var q = new AsyncQueue<int>();
            GetRunningLoop().CallSoon(() => trace.Add("callback"));
            yield return q.Put(7);
            Coroutine<int> get = q.Get();
            yield return get;
            trace.Add($"got {get.Result}");
            q.TaskDone();
            yield return q.Join();
            trace.Add("joined");
            yield return Sleep(0);
        }

        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Body()));
        Assert.Equal(new[] { "got 7", "joined", "callback" }, trace);
    }

    // asyncio 3.11 has no Queue.shutdown (3.13): these traces are written from Python 3.13's documented semantics.
    [Fact]
    public void Shutdown_makes_puts_raise_lets_gets_drain_then_raise_and_wakes_blocked_callers()
    {
        var trace = new List<string>();
        IEnumerable<Yield> GetLoop(string name, AsyncQueue<int> q)
        {
            while (true)
            {
                Coroutine<int> get = q.Get();
                yield return Settle(get);
                if (get.Exception is QueueShutDownException)
                {
                    trace.Add($"{name} saw shutdown");
                    yield break;
                }

                trace.Add($"{name} got {get.Result}");
            }
        }

        IEnumerable<Yield> PutBlocked(AsyncQueue<int> q)
        {
            Coroutine put = FromIterator(PutTwice(q));
            yield return Settle(put);
            trace.Add($"blocked putter raised {put.Exception?.GetType().Name}");
        }

        IEnumerable<Yield> PutTwice(AsyncQueue<int> q)
        {
            yield return q.Put(1);
            yield return q.Put(2);
        }

        IEnumerable<Yield> Main()
        {
            var empty = new AsyncQueue<int>();
            CoroutineTask getter = CreateTask(GetLoop("getter", empty));
            yield return Sleep(0);
            empty.Shutdown();
            trace.Add($"shut down, shutdown={empty.IsShutdown}");
            yield return getter;

            var full = new AsyncQueue<int>(maxSize: 2);
            full.PutNowait(10);
            CoroutineTask putter = CreateTask(PutBlocked(full));
            yield return Sleep(0);
            full.Shutdown();
            yield return putter;
            Assert.Throws<QueueShutDownException>(() => full.PutNowait(3));
            trace.Add($"after shutdown count={full.Count}");
            yield return FromIterator(GetLoop("drainer", full));
            Assert.Throws<QueueShutDownException>(() => full.GetNowait());
        }

        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main()));
        Assert.Equal(
            new[]
            {
                "shut down, shutdown=True",
                "getter saw shutdown",
                "blocked putter raised QueueShutDownException",
                "after shutdown count=2",
                "drainer got 10",
                "drainer got 1",
                "drainer saw shutdown",
            },
            trace);
    }

    [Fact]
    public void Immediate_shutdown_discards_items_releases_join_and_makes_gets_raise_at_once()
    {
        var trace = new List<string>();
        var q = new AsyncQueue<string>();
        IEnumerable<Yield> Joiner()
        {
            yield return q.Join();
            trace.Add($"join released, count={q.Count}");
        }

        IEnumerable<Yield> Main()
        {
            q.PutNowait("a");
            q.PutNowait("b");
            q.PutNowait("c");
            Coroutine<string> first = q.Get();
            yield return first;
            trace.Add($"got {first.Result}, unfinished={q.UnfinishedTasks}");
            CoroutineTask joiner = CreateTask(Joiner());
            yield return Sleep(0);
            q.Shutdown(immediate: true);
            trace.Add($"immediate shutdown, count={q.Count} unfinished={q.UnfinishedTasks}");
            yield return Sleep(0);
            trace.Add($"joiner done={joiner.Done}");
            q.TaskDone();
            yield return joiner;
            Coroutine<string> late = q.Get();
            yield return Settle(late);
            trace.Add($"get raised {late.Exception?.GetType().Name}");
        }

        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main()));
        Assert.Equal(
            new[]
            {
                "got a, unfinished=3",
                "immediate shutdown, count=0 unfinished=1",
                "joiner done=False",
                "join released, count=0",
                "get raised QueueShutDownException",
            },
            trace);
    }

    [Fact]
    public void Shutdown_wakes_every_blocked_getter_and_putter()
    {
        var loop = EventLoop.CreateVirtual();
        var q = new AsyncQueue<int>(maxSize: 1);
        var errors = new List<string>();
        IEnumerable<Yield> Get()
        {
            Coroutine<int> get = q.Get();
            yield return Settle(get);
            errors.Add($"get:{get.Exception?.GetType().Name}");
        }

        var getters = Enumerable.Range(0, 3).Select(_ => loop.CreateTask(FromIterator(Get()))).ToList();
        loop.CallLater(1, () => q.Shutdown());
        loop.CallLater(2, loop.Stop);
        loop.RunForever();
        Assert.Equal(Enumerable.Repeat("get:QueueShutDownException", 3), errors);
        Assert.Equal(0, q.GetterCount);
        Assert.All(getters, t => Assert.True(t.Done));
    }

    private static IEnumerable<Yield> SimpleGetter(string name, AsyncQueue<string> q, List<string> trace)
    {
        Coroutine<string> get = q.Get();
        yield return get;
        trace.Add($"{name} got {get.Result}");
    }

    private static IEnumerable<Yield> BargingScenario(List<string> trace)
    {
        var q = new AsyncQueue<string>();
        CoroutineTask g1 = CreateTask(SimpleGetter("g1", q, trace));
        CoroutineTask g2 = CreateTask(SimpleGetter("g2", q, trace));
        yield return Sleep(0);
        q.PutNowait("x");
        trace.Add($"main took {q.GetNowait()} before g1 ran");
        yield return Sleep(0);
        q.PutNowait("y");
        q.PutNowait("z");
        trace.Add("put y and z");
        yield return g1;
        yield return g2;
        trace.Add($"end empty={(q.Empty ? "True" : "False")}");
    }

    [Fact]
    public void A_woken_getter_whose_item_was_taken_first_waits_again_at_the_back()
    {
        Scenario.Run(BargingScenario, out List<string> trace);
        PythonTwin.AssertMatches("queue_barging", trace);
    }
}
