using Coroutines.CodeFixes;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class ZeroSleepAnalyzerTests
{
    private static readonly ZeroSleepAnalyzer s_analyzer = new();
    private static readonly ZeroSleepCodeFixProvider s_fix = new();

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using Coroutines;
        using static Coroutines.Co;

        """;

    [Fact]
    public Task ZeroSleeps_AreReported() => VerifyAnalyzerAsync(s_analyzer, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                yield return [|Sleep(0)|];
                yield return [|Sleep(0.0)|];
                yield return [|Co.Sleep(TimeSpan.Zero)|];
            }
        }
        """);

    [Fact]
    public Task RealSleepsAndNonCoroutines_AreNotReported() => VerifyAnalyzerAsync(s_analyzer, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(double delay)
            {
                yield return Sleep(0.5);
                yield return Sleep(delay);
                yield return default;
                var later = Sleep(0);
            }

            static IEnumerable<Yield> NotATemplate()
            {
                yield return Sleep(0);
            }
        }
        """);

    [Fact]
    public Task ZeroSleep_BecomesGiveWay() => VerifyCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield<int>> Work()
            {
                yield return [|Sleep(0)|];
                yield return [|Sleep(TimeSpan.Zero)|]; // again
                yield return Return(1);
            }
        }
        """, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield<int>> Work()
            {
                yield return default;
                yield return default; // again
                yield return Return(1);
            }
        }
        """, ZeroSleepCodeFixProvider.EquivalenceKey);
}
