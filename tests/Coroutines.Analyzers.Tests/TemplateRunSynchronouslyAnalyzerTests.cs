using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class TemplateRunSynchronouslyAnalyzerTests
{
    private static readonly TemplateRunSynchronouslyAnalyzer s_analyzer = new();

    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Child()
            {
                yield return Sleep(0.1);
            }

            static IEnumerable<Yield> NotATemplate()
            {
                yield return default;
            }

        """;

    [Fact]
    public Task ForEachLinqAndGetEnumerator_OverTemplate_AreReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            static void Main()
            {
                foreach (var step in [|Child()|])
                {
                }

                var all = [|Child()|].ToList();
                var count = Enumerable.Count([|Child()|]);
                using var e = [|Child()|].GetEnumerator();
            }

            [Coroutine]
            static IEnumerable<Yield> Parent()
            {
                foreach (var step in [|Child()|])
                {
                    yield return step;
                }
            }
        }
        """);

    [Fact]
    public Task SchedulingOrOrdinaryIterators_AreNotReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            static void Main()
            {
                foreach (var step in NotATemplate())
                {
                }

                var list = NotATemplate().ToList();
                Co.Run(FromIterator(Child()));
            }

            [Coroutine]
            static IEnumerable<Yield> Parent()
            {
                var task = CreateTask(Child());
                yield return task;
            }
        }
        """);
}
