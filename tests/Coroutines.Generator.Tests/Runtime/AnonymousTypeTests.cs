using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Runtime;

/// <summary>Locals of anonymous types (and arrays and generic types of them) that live across a suspension point.</summary>
public sealed class AnonymousTypeTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            [Coroutine]
            static IEnumerable<Yield<string>> Anonymous(int n)
            {
                var a = new { Name = "a" + n, Count = n, Inner = new { Flag = n > 1 } };
                yield return Sleep(1);
                Note($"{a.Name} {a.Count} {a.Inner.Flag} {a}");
                var list = new[] { a, new { Name = "b", Count = 2, Inner = new { Flag = false } } }.ToList();
                Func<string> show = () => a.Name + list.Count;
                yield return default;
                a = new { Name = "c", Count = 3, Inner = new { Flag = true } };
                list.Add(a);
                Note(string.Join(",", list.Select(e => e.Name + e.Count)) + " " + show());
                var byName = list.ToDictionary(e => e.Name, e => new { e.Count });
                yield return default;
                Note(string.Join(",", byName.Select(p => p.Key + p.Value.Count)));
                yield return Return($"{a}");
            }
        """));

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void AnonymousLocals_KeepTheirTypeAcrossSuspensions(int n)
    {
        string trace = Oracle.AssertSame(s_loaded, "Anonymous", new object?[] { n });
        Assert.Contains($"a{n}{n},b2,c3 c3", trace);
        Assert.Contains("result \"{ Name = c, Count = 3, Inner = { Flag = True } }\"", trace);
    }
}
