using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Combinators;

/// <summary>
/// Every combinator takes every awaitable shape a user has at hand (coroutines, tasks and futures, with and without a
/// result, one or a collection) and keeps the result type where the input has one: each case assigns the result to
/// its typed variable, so a missing overload or a lost type fails to compile.
/// </summary>
public class CombinatorShapeTests
{
    private static IEnumerable<Yield<int>> Value(int value, double delay)
    {
        yield return Sleep(delay);
        yield return Return(value);
    }

    private static IEnumerable<Yield> Nothing(double delay)
    {
        yield return Sleep(delay);
    }

    private static Coroutine<int> V(int value, double delay = 0.5) => FromIterator(Value(value, delay));

    private static Coroutine N(double delay = 0.5) => FromIterator(Nothing(delay));

    private static Future<int> Resolved(int value, double delay = 0.5)
    {
        var future = GetRunningLoop().CreateFuture<int>();
        GetRunningLoop().CallLater(delay, () => future.SetResult(value));
        return future;
    }

    public static TheoryData<string> Cases() => new(s_cases.Keys);

    private static readonly Dictionary<string, Func<IEnumerable<Yield<string>>>> s_cases = new()
    {
        ["Gather(params Coroutine<T>)"] = () => Typed(Gather(V(1), V(2)), r => string.Join(",", r)),
        ["Gather(params CoroutineTask<T>)"] = () => Typed(Gather(CreateTask(V(1)), CreateTask(V(2))), r => string.Join(",", r)),
        ["Gather(params Future<T>)"] = () => Typed(Gather(Resolved(1), Resolved(2)), r => string.Join(",", r)),
        ["Gather(List<Coroutine<T>>)"] = () => Typed(Gather(new List<Coroutine<int>> { V(1), V(2) }), r => string.Join(",", r)),
        ["Gather(LINQ of CoroutineTask<T>)"] = () => Typed(Gather(Enumerable.Range(1, 2).Select(i => CreateTask(V(i))).ToList()), r => string.Join(",", r)),
        ["Gather(IEnumerable<Future<T>>)"] = () => Typed(Gather(Enumerable.Range(1, 2).Select(i => Resolved(i))), r => string.Join(",", r)),
        ["Gather(params Coroutine)"] = () => Typed(Gather(N(), N()), r => $"{r.Length} done"),
        ["Gather(List<Coroutine>)"] = () => Typed(Gather(new List<Coroutine> { N(), N() }), r => $"{r.Length} done"),
        ["Gather(mixed, returnExceptions)"] = () => Typed(Gather(new object[] { V(1), CreateTask(N()), Resolved(2) }, returnExceptions: true), r => string.Join(",", r.Select(x => x?.ToString() ?? "null"))),
        ["Wait(List<CoroutineTask<T>>) typed"] = () => Typed(Wait(new List<CoroutineTask<int>> { CreateTask(V(1, 0.5)), CreateTask(V(2, 5)) }, returnWhen: ReturnWhen.FirstCompleted), r => $"done {r.Done[0].Result}, pending {r.Pending.Count}"),
        ["Wait(params Future)"] = () => Typed(Wait(CreateTask(N()), Resolved(3)), r => $"done {r.Done.Count}"),
        ["WaitFor(Coroutine<T>)"] = () => Typed(WaitFor(V(7), 1), r => r.ToString()),
        ["WaitFor(Coroutine)"] = () => Untyped(WaitFor(N(), 1)),
        ["WaitFor(CoroutineTask<T>)"] = () => Typed(WaitFor(CreateTask(V(7)), 1), r => r.ToString()),
        ["WaitFor(CoroutineTask)"] = () => Untyped(WaitFor(CreateTask(N()), 1)),
        ["WaitFor(Future<T>)"] = () => Typed(WaitFor(Resolved(7), 1), r => r.ToString()),
        ["WaitFor(Future)"] = () => Untyped(WaitFor((Future)Resolved(7), 1)),
        ["WaitFor(a primitive's wait)"] = () => WaitForEvent(),
        ["WaitFor(CoroutineTask) expiring"] = () => Untyped(WaitFor(CreateTask(N(5)), 1)),
        ["AsCompleted(IEnumerable<CoroutineTask<T>>)"] = () => Completed(AsCompleted(new[] { CreateTask(V(2, 1)), CreateTask(V(1, 0.5)) })),
        ["AsCompleted(IEnumerable<Coroutine<T>>)"] = () => Completed(AsCompleted(new List<Coroutine<int>> { V(2, 1), V(1, 0.5) })),
        ["AsCompleted(IEnumerable<Future<T>>)"] = () => Completed(AsCompleted(new[] { Resolved(2, 1), Resolved(1, 0.5) })),
        ["AsCompleted(IEnumerable<Coroutine>)"] = () => CompletedUntyped(AsCompleted(new List<Coroutine> { N(1), N(0.5) })),
        ["AsCompleted(IEnumerable<Future>)"] = () => CompletedUntyped(AsCompleted(new Future[] { CreateTask(N(1)), Resolved(1, 0.5) })),
        ["Shield(Coroutine<T>)"] = () => Typed(Shield(V(5)), r => r.ToString()),
        ["Shield(Coroutine)"] = () => Untyped(Shield(N())),
        ["Shield(CoroutineTask<T>)"] = () => Typed(Shield(CreateTask(V(5))), r => r.ToString()),
        ["Shield(CoroutineTask)"] = () => Untyped(Shield(CreateTask(N()))),
        ["Shield(Future<T>)"] = () => Typed(Shield(Resolved(5)), r => r.ToString()),
        ["Shield(Future)"] = () => Untyped(Shield((Future)Resolved(5))),
        ["Timeout.Run(Coroutine<T>)"] = () => Typed(Timeout(1).Run(V(9)), r => r.ToString()),
        ["Timeout.Run(Coroutine)"] = () => Untyped(Timeout(1).Run(N())),
        ["Timeout.Run(CoroutineTask<T>)"] = () => Typed(Timeout(1).Run(CreateTask(V(9))), r => r.ToString()),
        ["Timeout.Run(CoroutineTask) expiring"] = () => Untyped(Timeout(1).Run(CreateTask(N(5)))),
        ["TaskGroup.CreateTask(Coroutine<T>) and (Coroutine)"] = () => Group(),
    };

    private static IEnumerable<Yield<string>> Typed<T>(Future<T> future, Func<T, string> show)
    {
        yield return Settle(future);
        yield return Return(future.Exception is { } failure ? failure.GetType().Name : show(future.Result));
    }

    private static IEnumerable<Yield<string>> Untyped(Future future)
    {
        yield return Settle(future);
        yield return Return(future.Cancelled ? "cancelled" : future.Exception?.GetType().Name ?? "done");
    }

    private static IEnumerable<Yield<string>> WaitForEvent()
    {
        var evt = new AsyncEvent();
        GetRunningLoop().CallLater(0.5, evt.Set);
        Future<bool> waited = WaitFor(evt.Wait(), 1);
        yield return waited;
        var missed = WaitFor(new AsyncEvent().Wait(), 1);
        yield return Settle(missed);
        yield return Return($"{waited.Result}, then {missed.Exception?.GetType().Name}");
    }

    private static IEnumerable<Yield<string>> Completed(IEnumerable<Future<int>> next)
    {
        var order = new List<int>();
        foreach (var f in next)
        {
            yield return f;
            order.Add(f.Result);
        }

        yield return Return(string.Join(",", order));
    }

    private static IEnumerable<Yield<string>> CompletedUntyped(IEnumerable<Future<Future>> next)
    {
        var count = 0;
        foreach (var f in next)
        {
            yield return f;
            Future finished = f.Result;
            Assert.True(finished.Done);
            count++;
        }

        yield return Return($"{count} in completion order");
    }

    private static IEnumerable<Yield<string>> Group()
    {
        var group = new TaskGroup();
        CoroutineTask<int> typed = group.CreateTask(V(4));
        CoroutineTask untyped = group.CreateTask(N());
        yield return group.Join();
        yield return Return($"{typed.Result} and {untyped.Done}");
    }

    private static readonly Dictionary<string, string> s_expected = new()
    {
        ["Gather(params Coroutine<T>)"] = "1,2",
        ["Gather(params CoroutineTask<T>)"] = "1,2",
        ["Gather(params Future<T>)"] = "1,2",
        ["Gather(List<Coroutine<T>>)"] = "1,2",
        ["Gather(LINQ of CoroutineTask<T>)"] = "1,2",
        ["Gather(IEnumerable<Future<T>>)"] = "1,2",
        ["Gather(params Coroutine)"] = "2 done",
        ["Gather(List<Coroutine>)"] = "2 done",
        ["Gather(mixed, returnExceptions)"] = "1,null,2",
        ["Wait(List<CoroutineTask<T>>) typed"] = "done 1, pending 1",
        ["Wait(params Future)"] = "done 2",
        ["WaitFor(Coroutine<T>)"] = "7",
        ["WaitFor(Coroutine)"] = "done",
        ["WaitFor(CoroutineTask<T>)"] = "7",
        ["WaitFor(CoroutineTask)"] = "done",
        ["WaitFor(Future<T>)"] = "7",
        ["WaitFor(Future)"] = "done",
        ["WaitFor(a primitive's wait)"] = "True, then TimeoutException",
        ["WaitFor(CoroutineTask) expiring"] = "TimeoutException",
        ["AsCompleted(IEnumerable<CoroutineTask<T>>)"] = "1,2",
        ["AsCompleted(IEnumerable<Coroutine<T>>)"] = "1,2",
        ["AsCompleted(IEnumerable<Future<T>>)"] = "1,2",
        ["AsCompleted(IEnumerable<Coroutine>)"] = "2 in completion order",
        ["AsCompleted(IEnumerable<Future>)"] = "2 in completion order",
        ["Shield(Coroutine<T>)"] = "5",
        ["Shield(Coroutine)"] = "done",
        ["Shield(CoroutineTask<T>)"] = "5",
        ["Shield(CoroutineTask)"] = "done",
        ["Shield(Future<T>)"] = "5",
        ["Shield(Future)"] = "done",
        ["Timeout.Run(Coroutine<T>)"] = "9",
        ["Timeout.Run(Coroutine)"] = "done",
        ["Timeout.Run(CoroutineTask<T>)"] = "9",
        ["Timeout.Run(CoroutineTask) expiring"] = "TimeoutException",
        ["TaskGroup.CreateTask(Coroutine<T>) and (Coroutine)"] = "4 and True",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Combinator_TakesTheShape_AndKeepsItsType(string shape)
    {
        // The case builds its combinator when it runs: inside a task, on the loop.
        IEnumerable<Yield<string>> Case()
        {
            var inner = FromIterator(s_cases[shape]());
            yield return inner;
            yield return Return(inner.Result);
        }

        Assert.Equal(s_expected[shape], EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Case())));
    }
}
