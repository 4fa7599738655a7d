using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Runtime;

/// <summary>Lambdas and local functions capturing hoisted locals: a variable declared in a loop is fresh per iteration.</summary>
public sealed class ClosureTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            [Coroutine]
            static IEnumerable<Yield> Closures(int n)
            {
                var actions = new List<Func<string>>();
                int shared = 0;
                for (int i = 0; i < n; i++)
                {
                    int copy = i * 10;
                    actions.Add(() => $"copy {copy} i {i} shared {shared}");
                    yield return Sleep(1);
                    copy++;
                    shared++;
                }

                foreach (var word in new[] { "a", "b" })
                {
                    actions.Add(() => "word " + word);
                    yield return default;
                }

                int counter = 0;
                Action increment = () => counter++;
                increment();
                yield return default;
                increment();
                Note($"counter {counter}");

                int Twice() => counter * 2;
                yield return default;
                Note($"twice {Twice()}");

                foreach (var action in actions)
                {
                    Note(action());
                }
            }
        """));

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void CapturedLoopLocals_AreFreshPerIteration(int n)
    {
        string trace = Oracle.AssertSame(s_loaded, "Closures", new object?[] { n });
        Assert.Contains("counter 2", trace);
        if (n == 3)
        {
            Assert.Contains("copy 11 i 3 shared 3", trace);
            Assert.Contains("copy 21 i 3", trace);
        }
    }
}
