using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Corpus;

/// <summary>
/// What LINQ users write (anonymous objects iterated, held in tuples, captured in loops) and base members a template
/// reaches that used to be refused: indexers, events, ref returns, generic methods over the template's type parameter.
/// </summary>
public sealed class AnonymousAndBaseMemberTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            [Coroutine]
            static IEnumerable<Yield<int>> Rows()
            {
                yield return Sleep(0.5);
                Note("rows ready");
                yield return Return(3);
            }

            [Coroutine]
            static IEnumerable<Yield<string>> ForEachOverAnonymousObjects(int n)
            {
                var rows = RowsAsync();
                yield return rows;
                var items = Enumerable.Range(1, rows.Result + n).Select(i => new { Id = i, Name = $"item{i}", Tags = new[] { i % 2 == 0 ? "even" : "odd" } }).ToList();
                var seen = new List<string>();
                foreach (var item in items)
                {
                    yield return Sleep(0.25);
                    seen.Add($"{item.Name}:{item.Tags[0]}");
                    Note($"saw {item.Id}");
                }

                foreach (var group in items.GroupBy(i => i.Tags[0]).OrderBy(g => g.Key))
                {
                    yield return default;
                    Note($"{group.Key}: {string.Join(",", group.Select(g => g.Id))}");
                }

                var pair = (items[0], items.Count);
                yield return Sleep(1);
                Note($"pair {pair.Item1.Name} of {pair.Count}");
                var (first, count) = pair;
                yield return default;
                yield return Return($"{string.Join(" ", seen)} | {first.Id}/{count}");
            }

            [Coroutine]
            static IEnumerable<Yield<string>> LambdasCapturingAnonymousLocals(int n)
            {
                var shows = new List<Func<string>>();
                for (var i = 0; i < n; i++)
                {
                    var point = new { X = i, Y = i * i };
                    shows.Add(() => $"({point.X},{point.Y})");
                    yield return Sleep(0.5);
                    point = new { X = point.X + 10, Y = point.Y };
                    Note($"moved to {point}");
                }

                yield return Return(string.Join(" ", shows.Select(s => s())));
            }
        }

        public class Shelf
        {
            public readonly List<string> Items = new() { "a", "b", "c" };
            public virtual string this[int i] { get => Items[i]; set => Items[i] = value; }
            public event Action<string>? Changed;
            protected void Raise(string what) => Changed?.Invoke(what);
            private int _count = 5;
            public virtual ref int Count() => ref _count;
            public virtual T Pick<T>(T first, T second) => first;
        }

        public partial class Library : Shelf
        {
            public override string this[int i] { get => "override " + base[i]; set => base[i] = value.ToUpperInvariant(); }
            public override ref int Count() => throw new InvalidOperationException("not the base");
            public override T Pick<T>(T first, T second) => second;

            [Coroutine]
            public IEnumerable<Yield<string>> Rearrange<TItem>(TItem a, TItem b)
            {
                var log = new List<string>();
                Action<string> onChange = what => log.Add("changed " + what);
                base.Changed += onChange;
                yield return Sleep(1);
                log.Add(base[0] + " / " + this[0]);
                base[1] = "x";
                base[2] += "!";
                Raise("twice");
                base.Changed -= onChange;
                Raise("unseen");
                yield return default;
                base.Count() += 10;
                log.Add($"count {base.Count()} pick {base.Pick(a, b)} {Pick(a, b)}");
                T.Note(string.Join("; ", log));
                yield return Return(string.Join(",", Items));
            }
        """));

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void ForEachOverAnonymousObjects_AndTuplesHoldingThem(int n) =>
        Assert.Contains("pair item1 of", Oracle.AssertSameUnderEveryCancellation(s_loaded, "ForEachOverAnonymousObjects", n));

    [Fact]
    public void LambdasCapturingAnonymousLocals_KeepTheirIterationsVariable() =>
        Assert.Contains("result \"(10,0) (11,1)\"", Oracle.AssertSameUnderEveryCancellation(s_loaded, "LambdasCapturingAnonymousLocals", 2));

    [Fact]
    public void BaseIndexerEventRefReturnAndGenericMethod()
    {
        string trace = Oracle.AssertSameUnderEveryCancellation(s_loaded, raw =>
        {
            object library = Activator.CreateInstance(s_loaded.Type("Library"))!;
            System.Reflection.MethodInfo template = s_loaded.Type("Library").GetMethod(raw ? "Rearrange" : "RearrangeAsync")!.MakeGenericMethod(typeof(int));
            object? made = template.Invoke(library, new object[] { 1, 2 });
            return raw ? Co.FromIterator((IEnumerable<Yield<string>>)made!) : (Coroutine)made!;
        });
        Assert.Contains("a / override a; changed twice; count 15 pick 1 2", trace);
        Assert.Contains("result \"a,x,c!\"", trace);
    }
}
