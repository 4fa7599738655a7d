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
}
