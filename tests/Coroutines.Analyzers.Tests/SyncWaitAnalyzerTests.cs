using Coroutines.CodeFixes;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class SyncWaitAnalyzerTests
{
    private static readonly SyncWaitAnalyzer s_analyzer = new();
    private static readonly SyncWaitCodeFixProvider s_fix = new();

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Coroutines;
        using static Coroutines.Co;

        """;

    [Fact]
    public Task EveryWaitShape_InCoroutine_IsReported() => VerifyAnalyzerAsync(s_analyzer, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Task t, Task<int> ti, ValueTask<int> vt)
            {
                [|t.Wait()|];
                [|t.Wait(100)|];
                [|Task.WaitAll(t, ti)|];
                var i = [|Task.WaitAny(t, ti)|];
                var a = [|ti.Result|];
                var b = [|ti.GetAwaiter().GetResult()|];
                [|t.ConfigureAwait(false).GetAwaiter().GetResult()|];
                var c = [|vt.Result|];
                [|t.RunSynchronously()|];
                yield break;
            }
        }
        """);

    [Fact]
    public Task Wait_OutsideCoroutineInLambdaOrAfterYield_IsNotReported() => VerifyAnalyzerAsync(s_analyzer, Usings + """
        partial class C
        {
            static int Plain(Task<int> t) => t.Result;

            [Coroutine]
            static IEnumerable<Yield> Work(Task<int> t)
            {
                Func<int> f = () => t.Result;
                yield return RunInExecutor(() => t.Wait());
                var n = nameof(t.Result);
                yield return t;
                var r = t.Result;
                t.Wait();
                Console.WriteLine(r + t.GetAwaiter().GetResult());
            }
        }
        """);

    [Fact]
    public Task Result_AfterYieldInOtherBranchOrReassigned_IsReported() => VerifyAnalyzerAsync(s_analyzer, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Task<int> t, bool b)
            {
                if (b)
                {
                    yield return t;
                }

                var r = [|t.Result|];
                yield return t;
                t = Task.FromResult(2);
                r = [|t.Result|];
            }
        }
        """);

    [Fact]
    public Task WaitAndWaitAll_BecomeYieldedTasks() => VerifyCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Task t, Task<int> ti, Task u)
            {
                [|t.Wait()|];
                [|Task.WaitAll(t, ti)|];
                [|Task.WaitAny(t, ti)|];
                [|u.GetAwaiter().GetResult()|];
                yield break;
            }
        }
        """, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Task t, Task<int> ti, Task u)
            {
                yield return t;
                yield return Task.WhenAll(t, ti);
                yield return Task.WhenAny(t, ti);
                yield return u;
                yield break;
            }
        }
        """, SyncWaitCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task Result_OfLocal_YieldsTheLocalFirst() => VerifyCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield<int>> Work(Task<int> t)
            {
                var x = [|t.Result|];
                int y;
                y = [|t.GetAwaiter().GetResult()|] + 1;
                yield return Return(x + y);
            }
        }
        """, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield<int>> Work(Task<int> t)
            {
                yield return t;
                var x = t.Result;
                int y;
                y = t.GetAwaiter().GetResult() + 1;
                yield return Return(x + y);
            }
        }
        """, SyncWaitCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task Result_OfCallAndValueTask_UsesUniqueTemporaries() => VerifyCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            static Task<int> Get() => Task.FromResult(1);

            static ValueTask<int> GetValue() => new(2);

            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                Console.WriteLine([|Get().Result|]);
                var a = [|Get().Result|];
                if (a > 0)
                    a = [|GetValue().Result|];
                var b = [|GetValue().GetAwaiter().GetResult()|];
                Console.WriteLine(a + b);
                yield break;
            }
        }
        """, Usings + """
        partial class C
        {
            static Task<int> Get() => Task.FromResult(1);

            static ValueTask<int> GetValue() => new(2);

            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                var task = Get();
                yield return task;
                Console.WriteLine(task.Result);
                var task2 = Get();
                yield return task2;
                var a = task2.Result;
                if (a > 0)
                {
                    var op = Await(GetValue());
                    yield return op;
                    a = op.Result;
                }
                var op2 = Await(GetValue());
                yield return op2;
                var b = op2.Result;
                Console.WriteLine(a + b);
                yield break;
            }
        }
        """, SyncWaitCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task Wait_WhereHoistingIsIllegal_HasNoFix() => VerifyNoCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Task<int> t, Task u, bool b)
            {
                while ([|t.Result|] > 0)
                {
                    yield return default;
                }

                var x = b && [|t.Result|] > 1;
                var y = b ? [|t.Result|] : 0;
                try
                {
                    [|u.Wait()|];
                }
                catch (Exception)
                {
                    var z = [|t.Result|];
                }

                [|u.Wait(10)|];
                var i = [|Task.WaitAny(u)|];
                Two(Other(), [|t.Result|]);
                yield break;
            }

            static int Other() => 0;

            static void Two(int a, int b)
            {
            }
        }
        """);

    [Fact]
    public Task Result_WithSpanLiveAcrossTheYield_HasNoFix() => VerifyNoCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Spans(Task<int> t, int[] data)
            {
                ReadOnlySpan<int> span = data;
                var n = [|t.Result|] + span.Length;
                yield break;
            }
        }
        """);
}
