using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Runtime;

/// <summary>
/// Closures the way the compiler scopes them: a captured local is one variable per entry of its block (a loop
/// body is entered once per iteration, a backward <c>goto</c> inside the block does not re-enter it), local
/// functions turned into delegates keep the variables of the iteration that made them, and lambdas may sit in
/// conditions and <c>yield return</c> expressions.
/// </summary>
public sealed class ClosureScopeTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            static bool Keep(List<Func<int>> fs, Func<int> f) { fs.Add(f); return f() % 2 == 0; }

            static Yield Wait(List<Func<int>> fs, Func<int> f) { fs.Add(f); return Sleep(f() % 3); }

            static int[] Many(List<Func<int>> fs, Func<int> f) { fs.Add(f); return new[] { f(), f() + 1 }; }

            [Coroutine]
            static IEnumerable<Yield> LocalFunctionPerIteration(int n)
            {
                var fs = new List<Func<string>>();
                for (int i = 0; i < n; i++)
                {
                    int copy = i;
                    string Show() => $"copy {copy}";
                    string Twice() => Show() + " twice " + (copy * 2);
                    fs.Add(Show);
                    fs.Add(() => Twice());
                    Note(Show());
                    yield return Sleep(1);
                    copy += 10;
                }

                foreach (var f in fs)
                {
                    Note(f());
                }
            }

            [Coroutine]
            static IEnumerable<Yield> LocalFunctionBeforeTheLocalItReaches(int n)
            {
                var fs = new List<Func<string>>();
                for (int i = 0; i < n; i++)
                {
                    string Outer() => Inner() + "/" + i;
                    int later = i * 10;
                    string Inner() => $"later {later}";
                    fs.Add(Outer);
                    Note(Outer());
                    yield return Sleep(1);
                    later++;
                }

                string Top() => Reach() + "!";
                int last = n;
                string Reach() => $"last {last}";
                yield return default;
                last += 5;
                Note(Top());
                foreach (var f in fs)
                {
                    Note(f());
                }
            }

            [Coroutine]
            static IEnumerable<Yield> BackwardGoto(int n)
            {
                var fs = new List<Func<string>>();
                int round = 0;
            again:
                Note($"round {round}");
                int x = round * 10;
                fs.Add(() => $"x {x}");
                string Get() => $"get {x}";
                fs.Add(Get);
                yield return default;
                x++;
                round++;
                if (round < n) goto again;
                foreach (var f in fs)
                {
                    Note(f());
                }
            }

            [Coroutine]
            static IEnumerable<Yield> GotoPastDeclaration(int n)
            {
                var fs = new List<Func<string>>();
                if (n > 1) goto set;
                Note("not skipped");
                int y;
            set:
                y = n;
                fs.Add(() => $"y {y}");
                yield return default;
                y++;
                foreach (var f in fs)
                {
                    Note(f());
                }
            }

            [Coroutine]
            static IEnumerable<Yield<int>> LambdasInConditions(int n)
            {
                var fs = new List<Func<int>>();
                for (int i = 0; i < n; i++)
                {
                    int v = i * 3;
                    if (Keep(fs, () => v))
                    {
                        yield return Sleep(1);
                    }

                    while (Keep(fs, () => v + 100) && v++ < i * 3 + 2)
                    {
                        yield return default;
                    }

                    yield return Wait(fs, () => v * 2);
                    switch (Keep(fs, () => -v) ? 1 : 0)
                    {
                        case 1:
                            yield return default;
                            break;
                    }

                    foreach (int e in Many(fs, () => v + e0()))
                    {
                        Note($"e {e}");
                        yield return default;
                    }

                    int e0() => v * 1000;
                    v++;
                }

                int sum = 0;
                foreach (var f in fs)
                {
                    sum = (sum * 7 + f()) % 100003;
                    Note($"f {f()}");
                }

                yield return Return(sum);
            }

            static object Get(int i) => i;

            delegate void Adder(ref int total);

            static Yield Keep2(List<Func<string>> fs, Func<string> f) { fs.Add(f); return default; }

            [Coroutine]
            static IEnumerable<Yield<string>> LocalFunctionShapes(int n)
            {
                var fs = new List<Func<string>>();
                var adders = new List<Adder>();
                for (int i = 0; i < n; i++)
                {
                    int step = i + 1;
                    T Pick<T>(T a, T b) => step % 2 == 0 ? a : b;
                    void Add(ref int total) => total += step;
                    Func<string, string, string> pick = Pick;
                    adders.Add(Add);
                    yield return Keep2(fs, () => pick("even", "odd") + step);
                    step *= 10;
                }

                int sum = 0;
                foreach (var adder in adders)
                {
                    adder(ref sum);
                }

                int last = sum;
                string Describe() => $"sum {last}";
                yield return Return(string.Join(",", fs.Select(f => f())) + " " + Describe());
            }

            [Coroutine]
            static IEnumerable<Yield> ParametersNamedLikeGeneratedMembers(int n, int state, int exit, int @this, int s, int c0, int As)
            {
                var fs = new List<Func<int>>();
                try
                {
                    for (int i = 0; i < n; i++)
                    {
                        int k = i;
                        fs.Add(() => k + c0 + As);
                        yield return Sleep(1);
                        k += state;
                    }
                }
                finally
                {
                    Note($"finally s {s} exit {exit} this {@this}");
                }

                Note($"state {state} exit {exit} this {@this} s {s} c0 {c0} As {As}");
                foreach (var f in fs)
                {
                    Note($"f {f()}");
                }
            }

            [Coroutine]
            static IEnumerable<Yield> CasePatternPerSectionEntry(int n)
            {
                var fs = new List<Func<string>>();
                for (int i = 0; i < n; i++)
                    switch (Get(i))
                    {
                        case int even when even % 2 == 0:
                            fs.Add(() => $"even {even}");
                            yield return default;
                            even += 100;
                            break;
                        case int odd:
                            fs.Add(() => $"odd {odd}");
                            yield return default;
                            odd += 100;
                            break;
                    }

                int m = 0;
                while (m < n)
                    switch (Get(m++))
                    {
                        case int x:
                            int y = x * 2;
                            fs.Add(() => $"xy {x} {y}");
                            yield return default;
                            y++;
                            break;
                    }

                foreach (var f in fs)
                {
                    Note(f());
                }
            }

            [Coroutine]
            static IEnumerable<Yield> EdgeScopes(int n)
            {
                var fs = new List<Func<string>>();
                int w = 0;
                while (Get(w++) is int k && k < n)
                {
                    fs.Add(() => $"k {k}");
                    yield return default;
                }

                switch (n)
                {
                    case 0:
                        int s = 10;
                        fs.Add(() => $"s {s}");
                        yield return default;
                        s++;
                        break;
                    default:
                        s = 20;
                        fs.Add(() => $"s2 {s}");
                        yield return default;
                        goto case 0;
                }

                for (int j = 0; j < n; j++)
                {
                    int outer = j;
                    string Inner() => $"inner {outer}";
                    string Outer() => Inner() + "/" + j;
                    Func<string> viaLambda = () => Outer();
                    fs.Add(Outer);
                    fs.Add(viaLambda);
                    yield return default;
                    outer += 100;
                }

                int limit = n - 1;
                yield return default;
                switch (Get(n))
                {
                    case int big when big > limit && fs.Count > limit:
                        fs.Add(() => $"big {big} {limit}");
                        yield return default;
                        break;
                }

                for (int q = 0; Get(q) is int r && r < n; q++)
                {
                    fs.Add(() => $"r {r}");
                    yield return default;
                }

                foreach (var f in fs)
                {
                    Note(f());
                }
            }
        """));

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void LocalFunction_ConvertedToDelegate_KeepsItsIterationsVariables(int n)
    {
        string trace = Oracle.AssertSame(s_loaded, "LocalFunctionPerIteration", new object?[] { n });
        if (n == 3)
        {
            Assert.Contains("copy 11 twice 22", trace);
            Assert.Contains("copy 12", trace);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void LocalFunction_DeclaredBeforeTheLocalItReachesThroughAnother_MatchesTheCompiler(int n)
    {
        // Used to be CS0103 in the generated code: the box parameters were fixed before the local had a field.
        string trace = Oracle.AssertSame(s_loaded, "LocalFunctionBeforeTheLocalItReaches", new object?[] { n });
        Assert.Contains($"last {n + 5}!", trace);
        if (n == 3)
        {
            // Each iteration has its own `later`; the for variable `i` is one for the whole loop, as in C#.
            Assert.Contains("later 21/3", trace);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void BackwardGoto_DoesNotReenterTheBlock_SoCapturedLocalsAreShared(int n)
    {
        string trace = Oracle.AssertSame(s_loaded, "BackwardGoto", new object?[] { n });
        // One variable for the block: every closure sees the last value, as in the compiler's iterator.
        string last = $"x {((n - 1) * 10) + 1}";
        Assert.Equal(n, trace.Split('\n').Count(l => l.EndsWith(" " + last, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void GotoPastDeclaration_CapturedLocalStillExists(int n)
    {
        string trace = Oracle.AssertSame(s_loaded, "GotoPastDeclaration", new object?[] { n });
        Assert.Contains($"y {n + 1}", trace);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void GenericAndRefLocalFunctions_AsDelegates_KeepTheirIterationsVariables(int n)
    {
        string trace = Oracle.AssertSame(s_loaded, "LocalFunctionShapes", new object?[] { n });
        Assert.Contains(n == 3 ? "even10,even20,even30 sum 60" : "result \" sum 0\"", trace);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void WhileConditionPatterns_SwitchSections_NestedLocalFunctions_MatchTheCompiler(int n)
    {
        string trace = Oracle.AssertSame(s_loaded, "EdgeScopes", new object?[] { n });
        // A switch section local is one variable for the whole switch block, across goto case.
        Assert.Contains(n == 0 ? "s 11" : "s2 11", trace);
        if (n == 2)
        {
            // Condition variables of while and for loops are fresh per iteration.
            Assert.Contains("k 0", trace);
            Assert.Contains("r 0", trace);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Parameters_NamedLikeTheGeneratedMembers_KeepTheirOwnValues(int n)
    {
        // Parameter fields were "__" + name: `state` became the state field itself, `As` and `c0` clashed with helpers.
        string trace = Oracle.AssertSame(s_loaded, "ParametersNamedLikeGeneratedMembers", new object?[] { n, 41, 42, 43, 44, 45, 46 });
        Assert.Contains("state 41 exit 42 this 43 s 44 c0 45 As 46", trace);
        Assert.Contains("finally s 44 exit 42 this 43", trace);
        if (n == 2)
        {
            Assert.Contains("f 133", trace);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void CasePatternVariables_AreFreshPerEntryOfTheirSection_EvenWhenTheLoopBodyIsTheSwitch(int n)
    {
        string trace = Oracle.AssertSame(s_loaded, "CasePatternPerSectionEntry", new object?[] { n });
        if (n == 3)
        {
            Assert.Contains("even 100", trace);
            Assert.Contains("odd 101", trace);
            Assert.Contains("even 102", trace);
            Assert.Contains("xy 0 1", trace);
            Assert.Contains("xy 2 5", trace);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void LambdasInConditionsAndYields_CaptureTheIterationsVariable(int n)
    {
        string trace = Oracle.AssertSame(s_loaded, "LambdasInConditions", new object?[] { n });
        Assert.Contains("result", trace);
    }
}
