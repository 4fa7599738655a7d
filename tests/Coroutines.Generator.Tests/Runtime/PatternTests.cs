using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Runtime;

/// <summary>Pattern variables of property, positional, list and combined patterns that live across a suspension point.</summary>
public sealed class PatternTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            public sealed record Point(int X, int Y);

            [Coroutine]
            static IEnumerable<Yield> Patterns(int n)
            {
                object o = n % 3 == 0 ? "text" : new Point(n, n + 1);
                if (o is Point { X: var x, Y: > 0 and var y } p)
                {
                    yield return Sleep(1);
                    Note($"property {x} {y} {p}");
                    x++;
                    Note($"after {x}");
                }

                if (o is Point(var a, int b) && a < b)
                {
                    yield return default;
                    Note($"positional {a} {b}");
                }

                int[] numbers = { n, n * 2, n * 3 };
                if (numbers is [var first, .. var middle, var last])
                {
                    yield return default;
                    Note($"list {first} {middle.Length} {last}");
                }

                object t = (n, n * 2);
                switch (t)
                {
                    case (int c, int d) when c < d:
                        yield return default;
                        Note($"case {c} {d}");
                        break;
                    case (int c, _):
                        yield return default;
                        Note($"other {c}");
                        break;
                }

                while (o is Point { Y: var wy } && wy < n + 3)
                {
                    yield return default;
                    Note($"while {wy}");
                    o = new Point(n, wy + 1);
                }

                if (o is not Point { X: var nx })
                {
                    Note("not a point");
                    yield break;
                }

                yield return Sleep(1);
                Note($"negated {nx}");
            }
        """));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void PatternVariables_LiveAcrossSuspensions(int n)
    {
        string trace = Oracle.AssertSame(s_loaded, "Patterns", new object?[] { n });
        Assert.Contains($"list {n} 1 {n * 3}", trace);
        Assert.Contains(n == 0 ? "not a point" : $"negated {n}", trace);
    }
}
