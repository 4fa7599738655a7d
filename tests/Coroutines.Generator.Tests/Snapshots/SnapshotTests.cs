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
}
