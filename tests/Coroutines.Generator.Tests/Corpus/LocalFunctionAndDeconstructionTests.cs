using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Corpus;

/// <summary>
/// Deconstruction (in foreach and of tuples of hoisted locals), local iterator functions with <c>yield break</c>,
/// local functions used before their declaration and from <c>finally</c>, lambdas capturing hoisted locals inside
/// <c>finally</c>, and capturing local functions called with sibling-typed arguments.
/// </summary>
public sealed class LocalFunctionAndDeconstructionTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            [Coroutine]
            static IEnumerable<Yield<int>> Num(int n)
            {
                yield return Sleep(n * 0.25);
                Note($"num {n}");
                yield return Return(n * 3);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> DeconstructingForEach(int a, int b)
            {
                var sum = 0;
                foreach (var (x, y) in new[] { (1, a + b), (2, a) })
                {
                    yield return Sleep(0);
                    Note($"pair {x},{y}");
                    sum += x * y;
                }

                foreach (var (name, (lo, hi)) in new[] { ("one", (a, b)), ("two", (b, a)) })
                {
                    yield return Sleep(lo * 0.1);
                    Note($"{name} {lo}..{hi}");
                    sum += hi - lo;
                }

                foreach ((var i, var s) in new List<(int, string)> { (1, "x"), (2, "yy") })
                {
                    yield return default;
                    sum += i * s.Length;
                }

                yield return Return(sum);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> DeconstructHoistedLocals(int start)
            {
                int w = start;
                yield return Sleep(1);
                var (p, q) = (w, w);
                w++;
                yield return Sleep(1);
                Note($"p {p}, q {q}, w {w}");
                (p, q) = (q * 2, p + w);
                var t = (w, p);
                yield return default;
                Note($"swapped {p},{q}; tuple {t.w},{t.p} {t}");
                var named = (Left: p, Right: q);
                (named.Left, named.Right) = (named.Right, named.Left);
                yield return Sleep(0.5);
                var (left, _) = named;
                yield return Return(left + named.Right + t.Item1);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> LocalIteratorFunction(int n)
            {
                IEnumerable<int> DigitsOf(int k)
                {
                    if (k == 0)
                    {
                        yield return 0;
                        yield break;
                    }

                    var stack = new Stack<int>();
                    while (k > 0)
                    {
                        stack.Push(k % 10);
                        k /= 10;
                    }

                    foreach (var d in stack)
                    {
                        if (d == 9) yield break;
                        yield return d;
                    }
                }

                var sum = 0;
                foreach (var d in DigitsOf(n))
                {
                    yield return Sleep(d * 0.1);
                    sum += d;
                    Note($"digit {d}");
                }

                var evens = DigitsOf(n * 2).Where(d => d % 2 == 0).ToList();
                yield return Sleep(1);
                Note($"evens {string.Join("", evens)}");
                yield return Return(sum);
            }

            [Coroutine]
            static IEnumerable<Yield> LocalFunctionInFinally(int rounds)
            {
                for (var i = 0; i < rounds; i++)
                {
                    try
                    {
                        Record($"start {i}");
                        yield return Sleep(1);
                        if (i == 2) throw new InvalidOperationException("round 2 fails");
                    }
                    finally
                    {
                        Record($"end {i}");
                    }

                    void Record(string what) => Note($"{what} (round {i}, {Twice(i)})");
                }

                static int Twice(int x) => x * 2;
            }

            [Coroutine]
            static IEnumerable<Yield<string>> LambdasInFinally(int n)
            {
                var attempts = 0;
                var cleanups = new List<Func<string>>();
                foreach (var name in new[] { "a", "b", "c" }.Take(n))
                {
                    try
                    {
                        attempts++;
                        yield return Sleep(1);
                        Note($"{name} worked");
                    }
                    finally
                    {
                        var snapshot = attempts;
                        cleanups.Add(() => $"{name}: {snapshot}/{attempts}");
                        Note($"cleanup {name} {cleanups.Count(c => c().StartsWith(name))}");
                    }
                }

                var lines = cleanups.Select(c => c()).ToList();
                yield return Sleep(0.5);
                yield return Return(string.Join("; ", lines));
            }

            [Coroutine]
            static IEnumerable<Yield<int>> CapturingLocalFunctionWithSiblingArgument(int n)
            {
                var total = 0;
                void Add(int x)
                {
                    total += x;
                    Note($"add {x} -> {total}");
                }

                var s = NumAsync(n);
                yield return s;
                Add(s.Result);
                yield return Sleep(1);
                Add(s.Result * 10);
                var more = new[] { NumAsync(1), NumAsync(2) };
                foreach (var m in more)
                {
                    yield return m;
                    Add(m.Result);
                }

                int Doubled() => total * 2;
                yield return Return(Doubled());
            }

            [Coroutine]
            static IEnumerable<Yield<int>> LocalFunctionUsedBeforeDeclaration(int n)
            {
                var calls = new List<string>();
                for (var i = 0; i < n; i++)
                {
                    Log(i);
                    yield return Sleep(0.5);
                    var label = Describe(i);
                    Note(label);

                    void Log(int k) => calls.Add($"call {k} of {n}");
                }

                string Describe(int k) => $"round {k}, {calls.Count} calls, last {calls.LastOrDefault()}";
                yield return Return(calls.Count);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> LambdaCapturingLoopVariableInYield(int n)
            {
                var seen = new List<Func<int>>();
                for (var i = 0; i < n; i++)
                {
                    var copy = i;
                    yield return Co.FromIterator(Child(() => copy * 10, seen));
                    copy++;
                }

                yield return Return(seen.Sum(f => f()));
            }

            static IEnumerable<Yield> Child(Func<int> value, List<Func<int>> seen)
            {
                seen.Add(value);
                Note($"child sees {value()}");
                yield return Sleep(0.1);
            }
        """));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 0)]
    public void DeconstructingForEach_OverTupleArraysAndLists(int a, int b) =>
        Assert.Contains("pair 1", Oracle.AssertSameUnderEveryCancellation(s_loaded, "DeconstructingForEach", a, b));

    [Fact]
    public void DeconstructionOfTuplesOfHoistedLocals() =>
        Assert.Contains("p 4, q 4, w 5", Oracle.AssertSameUnderEveryCancellation(s_loaded, "DeconstructHoistedLocals", 4));

    [Theory]
    [InlineData(0)]
    [InlineData(1293)]
    [InlineData(4711)]
    public void LocalIteratorFunction_KeepsItsOwnYieldBreak(int n) =>
        Assert.Contains("digit", Oracle.AssertSameUnderEveryCancellation(s_loaded, "LocalIteratorFunction", n));

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void LocalFunctionDeclaredInALoop_CalledFromFinally(int rounds) =>
        Assert.Contains("end 1 (round 1, 2)", Oracle.AssertSameUnderEveryCancellation(s_loaded, "LocalFunctionInFinally", rounds));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void LambdasCapturingHoistedLocalsInsideFinally(int n) =>
        Assert.Contains("a: 1/", Oracle.AssertSameUnderEveryCancellation(s_loaded, "LambdasInFinally", n));

    [Theory]
    [InlineData(2)]
    public void CapturingLocalFunction_CalledWithSiblingTypedArguments(int n) =>
        Assert.Contains("add 60 -> 66", Oracle.AssertSameUnderEveryCancellation(s_loaded, "CapturingLocalFunctionWithSiblingArgument", n));

    [Theory]
    [InlineData(3)]
    public void LocalFunctionsUsedBeforeTheirDeclaration(int n) =>
        Assert.Contains("round 2, 3 calls, last call 2 of 3", Oracle.AssertSameUnderEveryCancellation(s_loaded, "LocalFunctionUsedBeforeDeclaration", n));

    [Theory]
    [InlineData(3)]
    public void LambdaCapturingALoopVariableInTheYieldedExpression(int n) =>
        Assert.Contains("child sees 20", Oracle.AssertSameUnderEveryCancellation(s_loaded, "LambdaCapturingLoopVariableInYield", n));
}
