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

    [Fact]
    public void ForEach_OverTasksArraysAndDeconstruction()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            public static partial class Downloads
            {
                [Coroutine]
                static IEnumerable<Yield<int>> Fetch(string name)
                {
                    yield return Sleep(name.Length);
                    yield return Return(name.Length);
                }

                [Coroutine]
                static IEnumerable<Yield<int>> All(string[] names)
                {
                    var tasks = names.Select(n => CreateTask(FetchAsync(n))).ToList();
                    var total = 0;
                    foreach (var task in tasks)
                    {
                        yield return task;
                        total += task.Result;
                    }

                    foreach (var (name, length) in names.Zip(tasks.Select(t => t.Result)))
                    {
                        if (length == 0) continue;
                        yield return Sleep(0.1);
                        Console.WriteLine($"{name}: {length}");
                    }

                    foreach (var c in names[0])
                    {
                        yield return default;
                        total += c;
                    }

                    yield return Return(total);
                }
            }
            """)).AssertClean();
        Snapshot.Verify(run, nameof(SnapshotTests));
    }

    [Fact]
    public void Using_StatementsAndDeclarations()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            public static partial class Files
            {
                [Coroutine]
                static IEnumerable<Yield> Copy(string from, string to)
                {
                    using var reader = new System.IO.StringReader(from);
                    using (System.IO.StringWriter writer = new(), log = new())
                    {
                        yield return Sleep(1);
                        writer.Write(reader.ReadToEnd());
                        log.Write(to);
                    }

                    yield return default;
                }
            }
            """)).AssertClean();
        Snapshot.Verify(run, nameof(SnapshotTests));
    }

    [Fact]
    public void Switch_DispatchThenFlatSections()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            public static partial class Commands
            {
                [Coroutine]
                static IEnumerable<Yield<string>> Run(object command)
                {
                    switch (command)
                    {
                        case int n when n > 0:
                            yield return Sleep(n);
                            goto default;
                        case string { Length: > 3 } text:
                            yield return default;
                            yield return Return(text);
                            break;
                        default:
                            Console.WriteLine("default");
                            break;
                    }

                    yield return Return("done");
                }
            }
            """)).AssertClean();
        Snapshot.Verify(run, nameof(SnapshotTests));
    }

    [Fact]
    public void Jumps_BreakContinueGotoAndYieldBreak()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            public static partial class Jumps
            {
                [Coroutine]
                static IEnumerable<Yield> Walk(int n)
                {
                    var i = 0;
                again:
                    while (i < n)
                    {
                        i++;
                        if (i % 2 == 0) continue;
                        if (i > 7) break;
                        yield return Sleep(i);
                        if (i == 5) yield break;
                    }

                    if (i < 3)
                    {
                        i = 3;
                        goto again;
                    }
                }
            }
            """)).AssertClean();
        Snapshot.Verify(run, nameof(SnapshotTests));
    }

    [Fact]
    public void AsyncGenerator_EmitsBetweenSuspensionPoints()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GeneratorHarness.Prelude + """
            public static partial class Feeds
            {
                [Coroutine]
                public static IEnumerable<Emit<string>> Headlines(string[] sources)
                {
                    try
                    {
                        foreach (var source in sources)
                        {
                            yield return Sleep(1);
                            yield return Emit(source.ToUpperInvariant());
                        }
                    }
                    finally
                    {
                        Console.WriteLine("closed");
                    }
                }
            }
            """)).AssertClean();
        Snapshot.Verify(run, nameof(SnapshotTests));
    }
}
