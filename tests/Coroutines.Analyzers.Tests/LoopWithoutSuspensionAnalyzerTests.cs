using Coroutines.CodeFixes;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class LoopWithoutSuspensionAnalyzerTests
{
    private static readonly LoopWithoutSuspensionAnalyzer s_analyzer = new();
    private static readonly LoopWithoutSuspensionCodeFixProvider s_fix = new();

    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            static int Poll() => 0;

        """;

    [Fact]
    public Task InfiniteLoopsWithoutYield_AreReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Spin()
            {
                [|while|] (true)
                {
                    Poll();
                    for (int i = 0; i < 3; i++)
                    {
                        if (i == 1)
                        {
                            break;
                        }
                    }
                }
            }

            [Coroutine]
            static IEnumerable<Yield> Spin2()
            {
                [|for|] (;;)
                    Poll();
            }

            [Coroutine]
            static IEnumerable<Yield> Spin3()
            {
                [|do|]
                {
                    Action a = () => { return; };
                }
                while (true);
            }
        }
        """);

    [Fact]
    public Task LoopsThatSuspendOrEnd_AreNotReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(bool b)
            {
                while (true)
                {
                    Poll();
                    yield return Sleep(0.1);
                }
            }

            [Coroutine]
            static IEnumerable<Yield> Retry()
            {
                while (true)
                {
                    if (Poll() == 0)
                    {
                        break;
                    }
                }

                for (;;)
                {
                    if (Poll() == 1)
                    {
                        yield break;
                    }
                }
            }

            [Coroutine]
            static IEnumerable<Yield> Bounded()
            {
                while (Poll() > 0)
                {
                }

                yield break;
            }

            static void NotACoroutine()
            {
                while (true)
                {
                    Poll();
                }
            }
        }
        """);

    [Fact]
    public Task InfiniteLoop_GivesWayEachIteration() => VerifyCodeFixAsync(s_analyzer, s_fix, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Spin()
            {
                [|while|] (true)
                {
                    Poll();
                }
            }

            [Coroutine]
            static IEnumerable<Yield> Spin2()
            {
                [|for|] (;;)
                    Poll();
            }
        }
        """, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Spin()
            {
                while (true)
                {
                    Poll();
                    yield return default;
                }
            }

            [Coroutine]
            static IEnumerable<Yield> Spin2()
            {
                for (;;)
                {
                    Poll();
                    yield return default;
                }
            }
        }
        """, LoopWithoutSuspensionCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task InfiniteLoop_WithContinueOrInsideCatch_HasNoFix() => VerifyNoCodeFixAsync(s_analyzer, s_fix, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Spin()
            {
                [|while|] (true)
                {
                    if (Poll() == 0)
                    {
                        continue;
                    }

                    Poll();
                }
            }

            [Coroutine]
            static IEnumerable<Yield> Guarded()
            {
                try
                {
                    [|while|] (true)
                    {
                        Poll();
                    }
                }
                catch (Exception)
                {
                }

                yield break;
            }
        }
        """);
}
