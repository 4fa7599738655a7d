using Coroutines.CodeFixes;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class NestedLoopRunAnalyzerTests
{
    private static readonly NestedLoopRunAnalyzer s_analyzer = new();
    private static readonly NestedLoopRunCodeFixProvider s_fix = new();

    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield<int>> Value()
            {
                yield return Return(1);
            }

            static Coroutine<int> ValueAsync() => FromIterator(Value());

        """;

    [Fact]
    public Task LoopRuns_InCoroutine_AreReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(EventLoop loop)
            {
                var a = [|Co.Run(ValueAsync())|];
                var b = [|Run(ValueAsync(), debug: true)|];
                var c = [|loop.RunUntilComplete(ValueAsync())|];
                [|loop.RunForever()|];
                yield break;
            }
        }
        """);

    [Fact]
    public Task LoopRuns_OutsideCoroutinesOrInCallbacks_AreNotReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            static int Main() => Co.Run(ValueAsync());

            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                Func<int> later = () => Co.Run(ValueAsync());
                yield break;
            }
        }
        """);

    [Fact]
    public Task LoopRun_BecomesYield() => VerifyCodeFixAsync(s_analyzer, s_fix, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(EventLoop loop)
            {
                var a = [|Co.Run(ValueAsync())|];
                [|loop.RunUntilComplete(ValueAsync())|];
                Console.WriteLine(a);
                yield break;
            }
        }
        """, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(EventLoop loop)
            {
                var op = ValueAsync();
                yield return op;
                var a = op.Result;
                yield return ValueAsync();
                Console.WriteLine(a);
                yield break;
            }
        }
        """, NestedLoopRunCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task RunForeverOrExtraArguments_HaveNoFix() => VerifyNoCodeFixAsync(s_analyzer, s_fix, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(EventLoop loop)
            {
                [|loop.RunForever()|];
                var b = [|Run(ValueAsync(), debug: true)|];
                yield break;
            }
        }
        """);
}
