using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Corpus;

/// <summary>
/// Templates in the types users declare: classes with primary constructors, records, structs and record structs,
/// nested generic types, and generic templates called through <c>var</c>.
/// </summary>
public sealed class ReceiverShapeTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            [Coroutine]
            static IEnumerable<Yield<int>> Len(string text)
            {
                yield return Sleep(text.Length * 0.25);
                Note($"len {text}");
                yield return Return(text.Length);
            }

            [Coroutine]
            static IEnumerable<Yield<T>> WithResource<T>(string name, Func<string, Coroutine<T>> body)
            {
                Note($"open {name}");
                try
                {
                    var inner = body(name + "-handle");
                    yield return inner;
                    yield return Return(inner.Result);
                }
                finally
                {
                    Note($"close {name}");
                }
            }

            [Coroutine]
            static IEnumerable<Yield<int>> GenericSiblingThroughVar(string name)
            {
                var client = WithResourceAsync(name, h => LenAsync(h));
                yield return client;
                var size = client.Result;
                var pairs = WithResourceAsync("pair", h => TwiceAsync(h, size));
                yield return pairs;
                var (text, count) = pairs.Result;
                Note($"{text} x{count}");
                yield return Sleep(1);
                yield return Return(size + count);
            }

            [Coroutine]
            static IEnumerable<Yield<(string Text, int Count)>> Twice(string text, int n)
            {
                yield return Sleep(0.5);
                yield return Return((text + text, n * 2));
            }
        }

        public sealed partial class Greeter(string greeting, int times)
        {
            private readonly List<string> _sent = new();

            [Coroutine]
            public IEnumerable<Yield<string>> Greet(string name)
            {
                var parts = new List<string>();
                for (var i = 0; i < times; i++)
                {
                    yield return Sleep(1);
                    parts.Add($"{greeting}, {name} #{i}");
                    T.Note(parts[^1]);
                }

                times++;
                greeting = greeting.ToUpperInvariant();
                yield return default;
                _sent.AddRange(parts);
                T.Note($"now {greeting} x{times}, sent {_sent.Count}");
                yield return Return(string.Join(" / ", parts));
            }
        }

        public partial record Account(string Owner, decimal Balance)
        {
            public List<decimal> History { get; } = new();

            [Coroutine]
            public IEnumerable<Yield<decimal>> Accrue(int months, decimal rate)
            {
                var balance = Balance;
                for (var m = 1; m <= months; m++)
                {
                    yield return Sleep(30);
                    balance += Math.Round(balance * rate, 2);
                    History.Add(balance);
                    T.Note($"{Owner} month {m}: {balance}");
                }

                var updated = this with { Balance = balance };
                yield return default;
                T.Note($"{updated.Owner} ends with {updated.Balance}, was {Balance}");
                yield return Return(updated.Balance);
            }
        }

        public partial struct Counter
        {
            public int Value;

            [Coroutine]
            public IEnumerable<Yield<int>> CountTo(int limit)
            {
                while (Value < limit)
                {
                    Value++;
                    T.Note($"count {Value}");
                    yield return Sleep(0.5);
                }

                yield return Return(Value);
            }
        }

        public readonly partial record struct Point(int X, int Y)
        {
            [Coroutine]
            public IEnumerable<Yield<int>> Walk(int steps)
            {
                var here = this;
                for (var s = 0; s < steps; s++)
                {
                    here = here with { X = here.X + 1, Y = here.Y - 1 };
                    T.Note($"at {here} from ({X}, {Y})");
                    yield return Sleep(1);
                }

                yield return Return(here.X * 100 + here.Y);
            }
        }

        public static partial class Outer<TKey> where TKey : notnull
        {
            public static partial class Cache<TValue>
            {
                [Coroutine]
                public static IEnumerable<Yield<Dictionary<TKey, TValue>>> Fill(IEnumerable<TKey> keys, Func<TKey, Coroutine<TValue>> load)
                {
                    var map = new Dictionary<TKey, TValue>();
                    foreach (var key in keys)
                    {
                        var loading = load(key);
                        yield return loading;
                        map[key] = loading.Result;
                        T.Note($"cached {key} = {loading.Result}");
                    }

                    yield return Return(map);
                }

                [Coroutine]
                public static IEnumerable<Yield<int>> FillAndCount(TKey[] keys, Func<TKey, Coroutine<TValue>> load)
                {
                    var fill = FillAsync(keys, load);
                    yield return fill;
                    var map = fill.Result;
                    T.Note($"filled {map.Count}");
                    yield return Return(map.Count);
                }
            }
        """));

    [Theory]
    [InlineData("db")]
    public void GenericSiblingCalledThroughVar(string name) =>
        Assert.Contains("pair-handlepair-handle x18", Oracle.AssertSameUnderEveryCancellation(s_loaded, "GenericSiblingThroughVar", name));

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void PrimaryConstructorParameters_ReadAndWrittenAcrossSuspensions(int times)
    {
        string trace = Oracle.AssertSameUnderEveryCancellation(s_loaded, raw =>
        {
            object greeter = Activator.CreateInstance(s_loaded.Type("Greeter"), "hello", times)!;
            return raw ? s_loaded.Raw("Greeter", "Greet", greeter, "ann") : s_loaded.Generated("Greeter", "GreetAsync", greeter, "ann");
        });
        Assert.Contains($"now HELLO x{times + 1}", trace);
    }

    [Fact]
    public void RecordTemplate_WithExpressionOfThis()
    {
        string trace = Oracle.AssertSameUnderEveryCancellation(s_loaded, raw =>
        {
            object account = Activator.CreateInstance(s_loaded.Type("Account"), "ann", 100m)!;
            return raw ? s_loaded.Raw("Account", "Accrue", account, 2, 0.01m) : s_loaded.Generated("Account", "AccrueAsync", account, 2, 0.01m);
        });
        Assert.Contains("ann ends with 102.01, was 100", trace);
    }

    [Fact]
    public void StructTemplate_CopiesTheReceiverLikeTheIterator()
    {
        object? lastCounter = null;
        string trace = Oracle.AssertSameUnderEveryCancellation(s_loaded, raw =>
        {
            lastCounter = Activator.CreateInstance(s_loaded.Type("Counter"));
            return raw ? s_loaded.Raw("Counter", "CountTo", lastCounter, 3) : s_loaded.Generated("Counter", "CountToAsync", lastCounter, 3);
        });
        Assert.Contains("result 3", trace);
        Assert.Equal(0, s_loaded.Type("Counter").GetField("Value")!.GetValue(lastCounter));
    }

    [Fact]
    public void ReadonlyRecordStructTemplate_ReadsPositionalMembers()
    {
        string trace = Oracle.AssertSameUnderEveryCancellation(s_loaded, raw =>
        {
            object point = Activator.CreateInstance(s_loaded.Type("Point"), 1, 5)!;
            return raw ? s_loaded.Raw("Point", "Walk", point, 2) : s_loaded.Generated("Point", "WalkAsync", point, 2);
        });
        Assert.Contains("result 303", trace);
    }

    [Fact]
    public void TemplatesOfNestedGenericTypes()
    {
        Type cache = s_loaded.Assembly.GetType("Outer`1+Cache`1", throwOnError: true)!.MakeGenericType(typeof(string), typeof(int));
        Func<string, Coroutine<int>> load = key => (Coroutine<int>)s_loaded.Generated("T", "LenAsync", null, key);
        string trace = Oracle.AssertSameUnderEveryCancellation(s_loaded, raw => raw
            ? s_loaded.Raw(cache, "FillAndCount", null, new[] { "a", "bbb" }, load)
            : s_loaded.Generated(cache, "FillAndCountAsync", null, new[] { "a", "bbb" }, load));
        Assert.Contains("filled 2", trace);
        string fill = Oracle.AssertSameUnderEveryCancellation(s_loaded, raw => raw
            ? s_loaded.Raw(cache, "Fill", null, new[] { "cc", "d" }, load)
            : s_loaded.Generated(cache, "FillAsync", null, new[] { "cc", "d" }, load));
        Assert.Contains("result [[cc, 2], [d, 1]]", fill);
    }
}
