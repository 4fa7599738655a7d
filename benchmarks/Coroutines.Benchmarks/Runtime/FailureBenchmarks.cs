using BenchmarkDotNet.Attributes;
using static Coroutines.Co;

namespace Coroutines.Benchmarks.Runtime;

/// <summary>
/// What a failure costs on its way out of nested templates: the leaf throws after one suspension and three levels of
/// awaiting templates pass it on, the outermost settles it. <see cref="Succeed"/> is the same chain without the throw,
/// the success path, which the exception chain (each awaiting template's line added to the stack trace) must not touch.
/// </summary>
[MemoryDiagnoser]
public partial class FailureBenchmarks
{
    [Coroutine]
    private static IEnumerable<Yield<int>> Leaf(bool fail)
    {
        yield return default;
        if (fail)
        {
            throw new InvalidOperationException("the leaf failed");
        }

        yield return Return(1);
    }

    [Coroutine]
    private static IEnumerable<Yield<int>> Middle(bool fail)
    {
        var leaf = LeafAsync(fail);
        yield return leaf;
        yield return Return(leaf.Result + 1);
    }

    [Coroutine]
    private static IEnumerable<Yield<int>> Outer(bool fail)
    {
        var middle = MiddleAsync(fail);
        yield return middle;
        yield return Return(middle.Result + 1);
    }

    [Coroutine]
    private static IEnumerable<Yield<int>> Top(bool fail)
    {
        var outer = OuterAsync(fail);
        yield return Settle(outer);
        yield return Return(outer.Exception is null ? outer.Result : -1);
    }

    private readonly EventLoop _loop = EventLoop.CreateVirtual();

    [Benchmark(Baseline = true)]
    public int Succeed() => _loop.RunUntilComplete(TopAsync(fail: false));

    [Benchmark]
    public int FailThroughThreeLevels() => _loop.RunUntilComplete(TopAsync(fail: true));
}
