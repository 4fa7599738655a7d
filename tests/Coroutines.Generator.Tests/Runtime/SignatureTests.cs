using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Runtime;

/// <summary>Template shapes: generic methods and types, nesting, records, IEnumerator templates, params, defaults, nullable.</summary>
public sealed class SignatureTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(GeneratorHarness.Prelude + """
        namespace Shapes
        {
            public static partial class Log
            {
                public static List<string> Entries = new();
            }

            public static partial class Generic
            {
                public static List<string> Log = new();

                [Coroutine]
                public static IEnumerable<Yield<List<TItem>>> Repeat<TItem>(TItem item, int times)
                    where TItem : notnull
                {
                    var items = new List<TItem>();
                    for (int i = 0; i < times; i++)
                    {
                        items.Add(item);
                        Log.Add($"{typeof(TItem).Name} {item}");
                        yield return Sleep(1);
                    }

                    yield return Return(items);
                }

                [Coroutine]
                static IEnumerator<Yield> Enumerator(params string[] words)
                {
                    foreach (var word in words)
                    {
                        Log.Add(word);
                        yield return default;
                    }
                }

                [Coroutine]
                static IEnumerable<Yield<string>> Defaults(string? name = null, int count = 2, double delay = 0.5)
                {
                    yield return Sleep(delay * count);
                    Log.Add(name ?? "anonymous");
                    yield return Return((name ?? "none") + count);
                }
            }

            public partial class Box<T>
            {
                public static List<string> Log = new();
                private readonly T _value;

                public Box(T value) => _value = value;

                [Coroutine]
                public IEnumerable<Yield<T>> Take(int delay)
                {
                    yield return Sleep(delay);
                    Log.Add($"took {_value}");
                    yield return Return(_value);
                }

                public partial class Inner
                {
                    [Coroutine]
                    internal static IEnumerable<Yield<string>> Describe(T value)
                    {
                        yield return default;
                        Log.Add($"inner {value}");
                        yield return Return(typeof(T).Name);
                    }
                }
            }

            public partial record Person(string Name)
            {
                public static List<string> Log = new();

                [Coroutine]
                public IEnumerable<Yield> Greet()
                {
                    yield return Sleep(1);
                    Log.Add($"hello {Name} {this with { Name = "copy" }}");
                }
            }
        }
        """);

    [Fact]
    public void GenericMethod_WithConstraint()
    {
        Type generic = s_loaded.Type("Shapes.Generic");
        var template = (IEnumerable<Yield<List<string>>>)generic.GetMethod("Repeat")!.MakeGenericMethod(typeof(string)).Invoke(null, new object[] { "x", 2 })!;
        Coroutine raw = Co.FromIterator(template);
        var generated = (Coroutine)generic.GetMethod("RepeatAsync")!.MakeGenericMethod(typeof(string)).Invoke(null, new object[] { "x", 2 })!;
        List<string> log = s_loaded.Log("Shapes.Generic");
        string expected = Trace.Run(() => raw, log);
        string actual = Trace.Run(() => generated, log);
        Assert.Equal(expected, actual);
        Assert.Contains("result [\"x\", \"x\"]", actual);
    }

    [Fact]
    public void EnumeratorTemplate_WithParams()
    {
        Type generic = s_loaded.Type("Shapes.Generic");
        object words = new[] { "a", "b" };
        var rawIterator = (IEnumerator<Yield>)generic.GetMethod("Enumerator", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.Invoke(null, new[] { words })!;
        var generated = (Coroutine)generic.GetMethod("EnumeratorAsync", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.Invoke(null, new[] { words })!;
        List<string> log = s_loaded.Log("Shapes.Generic");
        string expected = Trace.Run(() => Co.FromIterator(rawIterator), log);
        string actual = Trace.Run(() => generated, log);
        Assert.Equal(expected, actual);
        Assert.Contains("b", actual);
    }

    [Fact]
    public void Defaults_AndNullable() =>
        Assert.Contains("result \"none2\"", Oracle.AssertSame(s_loaded, "Defaults", new object?[] { null, 2, 0.5 }, typeName: "Shapes.Generic"));

    [Fact]
    public void GenericType_InstanceTemplate()
    {
        Type box = s_loaded.Type("Shapes.Box`1").MakeGenericType(typeof(int));
        object instance = Activator.CreateInstance(box, 7)!;
        List<string> log = (List<string>)box.GetField("Log")!.GetValue(null)!;
        string expected = Trace.Run(() => Co.FromIterator((IEnumerable<Yield<int>>)box.GetMethod("Take")!.Invoke(instance, new object[] { 2 })!), log);
        string actual = Trace.Run(() => (Coroutine)box.GetMethod("TakeAsync")!.Invoke(instance, new object[] { 2 })!, log);
        Assert.Equal(expected, actual);
        Assert.Contains("result 7", actual);
    }

    [Fact]
    public void NestedTypeOfGenericType()
    {
        Type inner = s_loaded.Type("Shapes.Box`1+Inner").MakeGenericType(typeof(string));
        System.Reflection.BindingFlags flags = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static;
        List<string> log = (List<string>)s_loaded.Type("Shapes.Box`1").MakeGenericType(typeof(string)).GetField("Log")!.GetValue(null)!;
        string expected = Trace.Run(() => Co.FromIterator((IEnumerable<Yield<string>>)inner.GetMethod("Describe", flags)!.Invoke(null, new object[] { "v" })!), log);
        string actual = Trace.Run(() => (Coroutine)inner.GetMethod("DescribeAsync", flags)!.Invoke(null, new object[] { "v" })!, log);
        Assert.Equal(expected, actual);
        Assert.Contains("result \"String\"", actual);
    }

    [Fact]
    public void RecordInstanceTemplate()
    {
        object person = Activator.CreateInstance(s_loaded.Type("Shapes.Person"), "Ada")!;
        Assert.Contains("hello Ada", Oracle.AssertSame(s_loaded, "Greet", typeName: "Shapes.Person", target: person));
    }
}
