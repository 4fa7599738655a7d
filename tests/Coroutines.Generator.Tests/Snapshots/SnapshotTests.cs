using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Snapshots;

/// <summary>What the generator writes, compared with the committed <c>*.verified.cs</c> files.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Demo_SpinAndSlowFunction()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            namespace Samples;

            public static partial class Demo
            {
                [Coroutine]
                static IEnumerable<Yield> Spin(string msg)
                {
                    int i = 0;
                    try
                    {
                        while (true)
                        {
                            Console.Write($"\r{@"|/-\"[i++ % 4]} {msg}");
                            yield return Sleep(0.1);
                        }
                    }
                    finally { Console.Write("\r" + new string(' ', msg.Length + 2) + "\r"); }
                }

                [Coroutine]
                public static IEnumerable<Yield<int>> SlowFunction()
                {
                    yield return Sleep(3);
                    yield return Return(42);
                }

                [Coroutine(Name = "Supervise")]
                internal static IEnumerable<Yield<int>> Supervisor()
                {
                    var spinner = CreateTask(SpinAsync("thinking!"));
                    var slow = SlowFunctionAsync();
                    yield return slow;
                    spinner.Cancel();
                    yield return Return(slow.Result);
                }
            }
            """)).AssertClean();
        Snapshot.Verify(run, nameof(SnapshotTests));
    }

    [Fact]
    public void InstanceTemplate_CapturesThisAndMembers()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            public sealed partial class Counter
            {
                private int _count;
                public string Label { get; set; } = "c";

                [Coroutine]
                public IEnumerable<Yield> Count(int upTo)
                {
                    while (_count < upTo)
                    {
                        this._count++;
                        Console.WriteLine($"{Label} {_count}");
                        if (_count % 2 == 0)
                        {
                            yield return Sleep(1);
                        }
                        else
                        {
                            yield return default;
                        }
                    }

                    if (upTo < 0) yield break;
                    Console.WriteLine(nameof(upTo));
                }
            }
            """)).AssertClean();
        Snapshot.Verify(run, nameof(SnapshotTests));
    }

    [Fact]
    public void NestedTryFinally_DisposeRunsInnermostFirst()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            static partial class Outer
            {
                partial class Nested
                {
                    [Coroutine]
                    static IEnumerable<Yield> Work()
                    {
                        try
                        {
                            yield return Sleep(1);
                            try
                            {
                                yield return Sleep(2);
                            }
                            finally
                            {
                                Console.WriteLine("inner");
                            }
                        }
                        finally
                        {
                            Console.WriteLine("outer");
                        }
                    }
                }
            }
            """)).AssertClean();
        Snapshot.Verify(run, nameof(SnapshotTests));
    }

    [Fact]
    public void Closures_BoxesPerBlockEntry_LocalFunctionBoxParameters_LambdaInCondition()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            static partial class Closures
            {
                static bool Keep(List<Func<int>> fs, Func<int> f) { fs.Add(f); return f() > 0; }

                [Coroutine]
                static IEnumerable<Yield> Work(int n)
                {
                    var fs = new List<Func<int>>();
                    for (int i = 0; i < n; i++)
                    {
                        int copy = i;
                        int Twice() => copy * 2;
                        fs.Add(Twice);
                        if (Keep(fs, () => copy))
                        {
                            yield return Sleep(1);
                        }

                        copy++;
                    }

                    foreach (var f in fs)
                    {
                        Console.WriteLine(f());
                    }
                }
            }
            """)).AssertClean();
        Snapshot.Verify(run, nameof(SnapshotTests));
    }

    [Fact]
    public void Patterns_VariablesOfPropertyAndPositionalPatternsInFields()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            sealed record Point(int X, int Y);

            static partial class Patterns
            {
                [Coroutine]
                static IEnumerable<Yield> Work(object o)
                {
                    if (o is Point { X: var x } p)
                    {
                        yield return default;
                        Console.WriteLine($"{x} {p}");
                    }

                    if (o is not Point(var a, _))
                    {
                        yield break;
                    }

                    yield return default;
                    Console.WriteLine(a);
                }
            }
            """)).AssertClean();
        Snapshot.Verify(run, nameof(SnapshotTests));
    }

    [Fact]
    public void BaseAccess_GoesThroughNonVirtualAccessors()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            class Animal
            {
                public virtual string Speak(int times) => new string('.', times);
                public virtual string Name { get; set; } = "animal";
            }

            partial class Dog : Animal
            {
                public override string Speak(int times) => "woof";

                [Coroutine]
                IEnumerable<Yield> Talk()
                {
                    Console.WriteLine(base.Speak(2));
                    yield return default;
                    base.Name += "!";
                    Console.WriteLine(base.Name);
                }
            }
            """)).AssertClean();
        Snapshot.Verify(run, nameof(SnapshotTests));
    }

    [Fact]
    public void AnonymousTypes_ObjectFieldsReadThroughWitnesses()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            static partial class Anonymous
            {
                [Coroutine]
                static IEnumerable<Yield> Work(int n)
                {
                    var item = new { Name = "a", Count = n };
                    var items = new List<string>().Select(s => new { Name = s, Count = 0 }).ToList();
                    yield return default;
                    items.Add(item);
                    Console.WriteLine(item.Name + items.Count);
                }
            }
            """)).AssertClean();
        Snapshot.Verify(run, nameof(SnapshotTests));
    }
}
