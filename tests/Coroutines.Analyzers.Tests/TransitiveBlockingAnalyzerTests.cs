using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class TransitiveBlockingAnalyzerTests
{
    private static readonly TransitiveBlockingAnalyzer s_analyzer = new();

    [Fact]
    public void TransitiveBlocking_IsOptIn() =>
        Assert.False(s_analyzer.SupportedDiagnostics.Single().IsEnabledByDefault);

    [Fact]
    public Task HelpersThatBlock_DirectlyOrThroughOthers_AreReported() => VerifyAnalyzerAsync(s_analyzer, """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            static void Nap() => Thread.Sleep(10);

            static void Outer() => Middle();

            static void Middle() => Nap();

            static int Peek(Task<int> t) => t.Result;

            static void Recursive(int n)
            {
                if (n > 0)
                {
                    Recursive(n - 1);
                }
            }

            static void Pure() => Console.WriteLine("fine");

            static void Deferred() => RunLater(() => Thread.Sleep(1));

            static void RunLater(Action a)
            {
            }

            [Coroutine]
            static IEnumerable<Yield> Work(Task<int> t)
            {
                [|Nap()|];
                [|Outer()|];
                var n = [|Peek(t)|];
                Recursive(3);
                Pure();
                Deferred();
                yield return RunInExecutor(() => Nap());
            }

            static void NotACoroutine() => Nap();
        }
        """);
}
