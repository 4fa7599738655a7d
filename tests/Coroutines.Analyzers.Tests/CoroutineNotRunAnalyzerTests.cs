using System.Collections.Immutable;
using Coroutines.CodeFixes;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class CoroutineNotRunAnalyzerTests
{
    private static readonly CoroutineNotRunAnalyzer s_analyzer = new();
    private static readonly CoroutineNotRunCodeFixProvider s_fix = new();

    // The generator does not run in these tests: the FooAsync siblings are written by hand.
    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Child()
            {
                yield return Sleep(0.1);
            }

            static Coroutine ChildAsync() => FromIterator(Child());

            [Coroutine]
            static IEnumerable<Yield<int>> Value()
            {
                yield return Return(1);
            }

            static Coroutine<int> ValueAsync() => FromIterator(Value());

        """;

    [Fact]
    public Task DroppedDiscardedAndUnused_AreReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                [|ChildAsync()|];
                _ = [|ValueAsync()|];
                var unused = [|ChildAsync()|];
                [|Child()|];
                yield break;
            }

            static void Main()
            {
                [|ChildAsync()|];
                Action a = () => [|ChildAsync()|];
            }
        }
        """);

    [Fact]
    public Task YieldedScheduledReturnedOrPassed_IsNotReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield<int>> Work(List<Coroutine> all)
            {
                yield return ChildAsync();
                var value = ValueAsync();
                yield return value;
                var task = CreateTask(ChildAsync());
                all.Add(ChildAsync());
                var later = ChildAsync();
                all.Add(later);
                CreateTask(Child());
                yield return Return(value.Result);
            }

            static Coroutine Forward() => ChildAsync();

            static void Main() => Co.Run(ChildAsync());
        }
        """);

    [Fact]
    public async Task Dropped_InCoroutine_OffersBothFixesWithDistinctKeys()
    {
        ImmutableArray<string?> keys = await GetOfferedKeysAsync(s_analyzer, s_fix, Prelude + """
                [Coroutine]
                static IEnumerable<Yield> Work()
                {
                    [|ChildAsync()|];
                    yield break;
                }
            }
            """);
        Assert.Equal(new string?[] { CoroutineNotRunCodeFixProvider.YieldKey, CoroutineNotRunCodeFixProvider.CreateTaskKey }, keys.ToArray());
    }

    [Fact]
    public Task Dropped_InCoroutine_BecomesYieldReturn() => VerifyCodeFixAsync(s_analyzer, s_fix, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                [|ChildAsync()|];
                _ = [|ValueAsync()|]; // keep
                yield break;
            }
        }
        """, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                yield return ChildAsync();
                yield return ValueAsync(); // keep
                yield break;
            }
        }
        """, CoroutineNotRunCodeFixProvider.YieldKey);

    [Fact]
    public Task Dropped_BecomesCreateTask_InAndOutsideCoroutines() => VerifyCodeFixAsync(s_analyzer, s_fix, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                [|ChildAsync()|];
                [|Child()|];
                yield break;
            }

            static void Callback()
            {
                _ = [|ValueAsync()|];
            }
        }
        """, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                CreateTask(ChildAsync());
                CreateTask(Child());
                yield break;
            }

            static void Callback()
            {
                CreateTask(ValueAsync());
            }
        }
        """, CoroutineNotRunCodeFixProvider.CreateTaskKey);

    [Fact]
    public async Task Dropped_WhereYieldIsIllegal_OffersOnlyCreateTask()
    {
        ImmutableArray<string?> keys = await GetOfferedKeysAsync(s_analyzer, s_fix, Prelude + """
                [Coroutine]
                static IEnumerable<Yield> Work()
                {
                    try
                    {
                        [|ChildAsync()|];
                    }
                    catch (Exception)
                    {
                    }

                    yield break;
                }
            }
            """);
        Assert.Equal(new string?[] { CoroutineNotRunCodeFixProvider.CreateTaskKey }, keys.ToArray());
    }

    [Fact]
    public Task UnusedLocal_HasNoFix() => VerifyNoCodeFixAsync(s_analyzer, s_fix, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                var forgotten = [|ChildAsync()|];
                yield break;
            }
        }
        """);
}
