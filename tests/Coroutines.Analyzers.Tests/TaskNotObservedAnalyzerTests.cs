using Coroutines.CodeFixes;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class TaskNotObservedAnalyzerTests
{
    private static readonly TaskNotObservedAnalyzer s_analyzer = new();
    private static readonly TaskNotObservedCodeFixProvider s_fix = new();

    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            static Task SaveAsync() => Task.CompletedTask;

            static Task<int> CountAsync() => Task.FromResult(1);

            static ValueTask FlushAsync() => default;

        """;

    [Fact]
    public Task DroppedTasks_AreReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                [|SaveAsync()|];
                [|CountAsync()|];
                [|FlushAsync()|];
                [|Task.Delay(10)|];
                yield break;
            }
        }
        """);

    [Fact]
    public Task ObservedDiscardedOrOutsideCoroutine_IsNotReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                yield return SaveAsync();
                _ = SaveAsync();
                var t = CountAsync();
                yield return t;
                Action a = () => SaveAsync();
                CreateTask(Work());
            }

            static void Plain() => SaveAsync();
        }
        """);

    [Fact]
    public Task DroppedTask_BecomesYieldReturn() => VerifyCodeFixAsync(s_analyzer, s_fix, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(bool b)
            {
                [|SaveAsync()|];
                if (b)
                    [|CountAsync()|];
                [|FlushAsync()|];
                yield break;
            }
        }
        """, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(bool b)
            {
                yield return SaveAsync();
                if (b)
                    yield return CountAsync();
                yield return Await(FlushAsync());
                yield break;
            }
        }
        """, TaskNotObservedCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task DroppedTask_InFinally_HasNoFix() => VerifyNoCodeFixAsync(s_analyzer, s_fix, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                try
                {
                    yield return default;
                }
                finally
                {
                    [|SaveAsync()|];
                }
            }
        }
        """);

    private const string ValueTaskPrelude = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            static ValueTask<int> ReadAsync() => new(1);

        """;

    [Fact]
    public Task ValueTask_ConsumedTwice_IsReportedAtTheSecondUse() => VerifyAnalyzerAsync(s_analyzer, ValueTaskPrelude + """
            [Coroutine]
            static IEnumerable<Yield<int>> Work()
            {
                ValueTask<int> vt = ReadAsync();
                var first = Await(vt);
                yield return first;
                var again = Await([|vt|]);
                yield return again;
                Task<int> t = [|vt|].AsTask();
                yield return t;
                yield return Return(first.Result + again.Result + t.Result);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> ResultThenPreserve()
            {
                var vt = ReadAsync();
                var task = vt.AsTask();
                yield return task;
                var copy = [|vt|].Preserve();
                yield return Return(task.Result);
            }
        }
        """);

    [Fact]
    public Task ValueTask_ConsumedOnce_InBranches_AfterReassignment_OrOutsideCoroutine_IsNotReported() => VerifyAnalyzerAsync(s_analyzer, ValueTaskPrelude + """
            [Coroutine]
            static IEnumerable<Yield<int>> Work(bool fast, int mode)
            {
                ValueTask<int> vt = ReadAsync();
                Future<int> f;
                if (fast)
                {
                    f = Await(vt);
                }
                else
                {
                    f = Await(vt.Preserve());
                }

                yield return f;
                switch (mode)
                {
                    case 0:
                        vt = ReadAsync();
                        f = Await(vt);
                        break;
                    default:
                        f = Await(ReadAsync());
                        break;
                }

                vt = ReadAsync();
                Task<int> t = fast ? vt.AsTask() : Task.FromResult(0);
                yield return t;
                string name = nameof(vt);
                bool done = vt.IsCompleted;
                yield return Return(f.Result + t.Result);
            }

            static int Plain()
            {
                var vt = ReadAsync();
                var t = vt.AsTask();
                return vt.Result + t.Result;
            }
        }
        """);

    [Fact]
    public Task ValueTask_ConsumedOnceInALoopThatDoesNotRenewIt_IsReported() => VerifyAnalyzerAsync(s_analyzer, ValueTaskPrelude + """
            [Coroutine]
            static IEnumerable<Yield<int>> Work(int n)
            {
                ValueTask<int> vt = ReadAsync();
                int sum = 0;
                for (int i = 0; i < n; i++)
                {
                    var f = Await([|vt|]);
                    yield return f;
                    sum += f.Result;
                }

                var again = ReadAsync();
                while (sum < 100)
                {
                    sum += [|again|].Result;
                    yield return default;
                }

                yield return Return(sum);
            }
        }
        """);

    [Fact]
    public Task ValueTask_InALoopThatDeclaresOrRenewsItOrLeavesAfterOneUse_IsNotReported() => VerifyAnalyzerAsync(s_analyzer, ValueTaskPrelude + """
            [Coroutine]
            static IEnumerable<Yield<int>> Work(int n)
            {
                int sum = 0;
                for (int i = 0; i < n; i++)
                {
                    ValueTask<int> fresh = ReadAsync();
                    var f = Await(fresh);
                    yield return f;
                    sum += f.Result;
                }

                var renewed = ReadAsync();
                while (sum < 100)
                {
                    var g = Await(renewed);
                    yield return g;
                    sum += g.Result;
                    renewed = ReadAsync();
                }

                var once = ReadAsync();
                while (true)
                {
                    var h = Await(once);
                    yield return h;
                    sum += h.Result;
                    break;
                }

                var source = ReadAsync();
                foreach (int item in new[] { source.Result })
                {
                    sum += item;
                    yield return default;
                }

                yield return Return(sum);
            }
        }
        """);

    [Fact]
    public Task ValueTask_ConsumedTwice_HasNoFix() => VerifyNoCodeFixAsync(s_analyzer, s_fix, ValueTaskPrelude + """
            [Coroutine]
            static IEnumerable<Yield<int>> Work()
            {
                var vt = ReadAsync();
                var a = vt.AsTask();
                var b = [|vt|].AsTask();
                yield return a;
                yield return b;
                yield return Return(a.Result + b.Result);
            }
        }
        """);
}
