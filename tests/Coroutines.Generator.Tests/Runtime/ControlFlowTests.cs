using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Runtime;

/// <summary>Loops, foreach, switch, using and jumps with suspension points inside, against the compiler's iterator.</summary>
public sealed class ControlFlowTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            sealed class Resource : IDisposable
            {
                private readonly string _name;
                public Resource(string name) { _name = name; Log.Add("open " + name); }
                public void Dispose() => Log.Add("dispose " + _name);
            }

            struct StructEnumerable
            {
                public StructEnumerator GetEnumerator() => new StructEnumerator { Left = 3 };
            }

            struct StructEnumerator : IDisposable
            {
                public int Left;
                public int Current => Left * 10;
                public bool MoveNext() => Left-- > 0;
                public void Dispose() => Log.Add("struct enumerator disposed");
            }

            [Coroutine]
            static IEnumerable<Yield> Loops(int n)
            {
                int i = 0;
                do
                {
                    Note($"do {i}");
                    yield return Sleep(1);
                    if (i == 1) { i += 2; continue; }
                    i++;
                }
                while (i < n);

                for (int a = 0, b = 10; a < n; a++, b -= 2)
                {
                    if (b < 5) break;
                    Note($"for {a} {b}");
                    yield return default;
                }

                while (true)
                {
                    i--;
                    if (i < 0) break;
                    for (int k = 0; k < 3; k++) { if (k == 1) continue; Note($"inner {i} {k}"); }
                    yield return Sleep(0.5);
                }
            }

            [Coroutine]
            static IEnumerable<Yield> ForEach(int stopAt)
            {
                foreach (var x in new[] { 1, 2, 3 })
                {
                    Note($"array {x}");
                    yield return Sleep(x);
                }

                foreach (char c in "ab")
                {
                    Note($"char {c}");
                    yield return default;
                }

                var list = new List<string> { "p", "q", "r" };
                foreach (string s in list)
                {
                    if (s == "r") break;
                    Note($"list {s}");
                    yield return default;
                }

                foreach (var v in new StructEnumerable())
                {
                    Note($"struct {v}");
                    if (v == stopAt) yield break;
                    yield return Sleep(1);
                }

                foreach (var (key, value) in new Dictionary<string, int> { ["k"] = 1, ["l"] = 2 })
                {
                    Note($"pair {key} {value}");
                    yield return default;
                }

                foreach (var n in Numbers())
                {
                    Note($"iterator {n}");
                    if (n == stopAt) throw new InvalidOperationException("stop in iterator loop");
                    yield return Sleep(1);
                }
            }

            static IEnumerable<int> Numbers()
            {
                try { yield return 20; yield return 10; }
                finally { Log.Add("numbers finally"); }
            }

            [Coroutine]
            static IEnumerable<Yield> Switch(object value)
            {
                switch (value)
                {
                    case int n when n > 10:
                        Note($"big {n}");
                        yield return Sleep(n);
                        Note($"still {n}");
                        break;
                    case int n:
                        Note($"int {n}");
                        yield return default;
                        goto case "text";
                    case "text":
                        Note("text");
                        yield return default;
                        break;
                    case string s:
                        Note($"string {s}");
                        goto default;
                    default:
                        Note("default");
                        yield return Sleep(2);
                        break;
                }

                Note("after switch");
            }

            [Coroutine]
            static IEnumerable<Yield> Using(bool fail)
            {
                using (var a = new Resource("a"))
                using (new Resource("b"))
                {
                    yield return Sleep(1);
                    Resource? none = null;
                    using (none)
                    {
                        yield return default;
                    }
                }

                using var c = new Resource("c");
                yield return Sleep(1);
                if (fail) throw new InvalidOperationException("fail in using");
                using Resource d = new("d"), e = new("e");
                yield return Sleep(1);
                for (int i = 0; i < 3; i++)
                {
                    {
                        if (i == 1) continue;
                        if (i == 2) break;
                        using var inLoop = new Resource("loop " + i);
                        Note("in loop");
                    }

                    yield return default;
                }

                Note("end");
            }

            [Coroutine]
            static IEnumerable<Yield> Checked(int big)
            {
                unchecked
                {
                    int wrapped = big;
                    yield return default;
                    wrapped += big;
                    Note($"wrapped {wrapped}");
                }

                checked
                {
                    int x = big;
                    yield return default;
                    if (x + 1 > 0) Note("fits");
                    x += big;
                    Note($"no overflow {x}");
                }
            }

            [Coroutine]
            static IEnumerable<Yield> Patterns(object value)
            {
                if (value is string text && text.Length > 1)
                {
                    yield return Sleep(1);
                    Note($"text {text}");
                }

                if (value is not int number)
                {
                    Note("not a number");
                    yield break;
                }

                yield return Sleep(number);
                if (int.TryParse(number.ToString(), out var parsed) && value is var copy)
                {
                    yield return default;
                    Note($"parsed {parsed} copy {copy}");
                }

                var kind = value switch { int n when n > 5 => "big", int n => "small " + n, _ => "other" };
                yield return default;
                Note(kind);
            }

            [Coroutine]
            static IEnumerable<Yield> Labels(int n)
            {
                int i = 0;
            again:
                Note($"again {i}");
                yield return Sleep(1);
                i++;
                if (i < n) goto again;
                Note("done");
            }
        """));

    [Theory]
    [InlineData(0, null)]
    [InlineData(3, null)]
    [InlineData(5, 4.2)]
    public void Loops_MatchIterator(int n, double? cancelAt) =>
        Assert.Contains("do 0", Oracle.AssertSame(s_loaded, "Loops", new object?[] { n }, cancelAt));

    [Theory]
    [InlineData(-1, null)]
    [InlineData(20, null)]
    [InlineData(10, null)]
    [InlineData(-1, 2.5)]
    [InlineData(-1, 9.5)]
    [InlineData(-1, 11.5)]
    public void ForEach_MatchesIteratorIncludingDisposal(int stopAt, double? cancelAt) =>
        Assert.Contains("array 1", Oracle.AssertSame(s_loaded, "ForEach", new object?[] { stopAt }, cancelAt));

    [Theory]
    [InlineData(42)]
    [InlineData(3)]
    [InlineData("text")]
    [InlineData("other")]
    [InlineData(1.5)]
    public void Switch_MatchesIterator(object value) =>
        Assert.Contains("after switch", Oracle.AssertSame(s_loaded, "Switch", new[] { value }));

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(false, 0.5)]
    [InlineData(false, 2.5)]
    public void Using_DisposesInOrder(bool fail, double? cancelAt) =>
        Assert.Contains("dispose a", Oracle.AssertSame(s_loaded, "Using", new object?[] { fail }, cancelAt));

    [Theory]
    [InlineData(5)]
    [InlineData(int.MaxValue)]
    public void Checked_KeepsOverflowContext(int big) =>
        Assert.Contains("wrapped", Oracle.AssertSame(s_loaded, "Checked", new object?[] { big }));

    [Theory]
    [InlineData("ab", "1 text ab")]
    [InlineData("a", "0 not a number")]
    [InlineData(3, "3 parsed 3 copy 3")]
    [InlineData(7, "7 big")]
    public void Patterns_VariablesSurviveSuspension(object value, string expected) =>
        Assert.Contains(expected, Oracle.AssertSame(s_loaded, "Patterns", new[] { value }));

    [Fact]
    public void Labels_BackwardGotoMatchesIterator() =>
        Assert.Contains("again 2", Oracle.AssertSame(s_loaded, "Labels", new object?[] { 3 }));
}
