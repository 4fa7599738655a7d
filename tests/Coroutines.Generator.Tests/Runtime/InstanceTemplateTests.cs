using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Runtime;

/// <summary>Instance templates: the receiver is captured; members and <c>this</c> go through it.</summary>
public sealed class InstanceTemplateTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(GeneratorHarness.Prelude + """
        public sealed partial class Counter
        {
            public static List<string> Log = new();
            private int _count;

            public Counter(int start) => _count = start;

            public string Label { get; set; } = "c";

            [Coroutine]
            public IEnumerable<Yield<int>> Count(int upTo)
            {
                while (_count < upTo)
                {
                    this._count++;
                    Log.Add($"{Label} {_count}");
                    yield return Sleep(1);
                    Label += "!";
                }

                yield return Return(_count * 10);
            }
        }

        public partial struct Point
        {
            public static List<string> Log = new();
            public int X;

            [Coroutine]
            public IEnumerable<Yield> Move(int steps)
            {
                for (int i = 0; i < steps; i++)
                {
                    X++;
                    Log.Add($"x {X}");
                    yield return default;
                }
            }
        }
        """);

    [Fact]
    public void ClassReceiver_SharesStateWithTheInstance()
    {
        Type counterType = s_loaded.Type("Counter");
        object raw = Activator.CreateInstance(counterType, 1)!;
        object generated = Activator.CreateInstance(counterType, 1)!;
        List<string> log = s_loaded.Log("Counter");
        string expected = Trace.Run(() => s_loaded.Raw("Counter", "Count", raw, 3), log);
        string actual = Trace.Run(() => s_loaded.Generated("Counter", "CountAsync", generated, 3), log);
        Assert.Equal(expected, actual);
        Assert.Contains("result 30", actual);
        Assert.Equal("c!!", counterType.GetProperty("Label")!.GetValue(generated));
    }

    [Fact]
    public void StructReceiver_IsCopiedAsTheIteratorCopiesIt()
    {
        object point = Activator.CreateInstance(s_loaded.Type("Point"))!;
        string actual = Oracle.AssertSame(s_loaded, "Move", new object?[] { 2 }, typeName: "Point", target: point);
        Assert.Contains("x 2", actual);
        Assert.Equal(0, s_loaded.Type("Point").GetField("X")!.GetValue(point));
    }
}
