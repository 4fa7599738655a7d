using Coroutines.CodeFixes;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class ConsoleInputAnalyzerTests
{
    private static readonly ConsoleInputAnalyzer s_analyzer = new();
    private static readonly ConsoleInputCodeFixProvider s_fix = new();

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using Coroutines;
        using static Coroutines.Co;

        """;

    [Fact]
    public Task ConsoleReads_IncludingFakeAsync_AreReported() => VerifyAnalyzerAsync(s_analyzer, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                var line = [|Console.ReadLine()|];
                var key = [|Console.ReadKey()|];
                var c = [|Console.Read()|];
                var all = [|Console.In.ReadToEnd()|];
                var fake = [|Console.In.ReadLineAsync()|];
                var fake2 = [|Console.In.ReadToEndAsync()|];
                Console.WriteLine(line);
                yield break;
            }
        }
        """);

    [Fact]
    public Task ConsoleWritesAndOffLoopReads_AreNotReported() => VerifyAnalyzerAsync(s_analyzer, Usings + """
        partial class C
        {
            static string? Plain() => Console.ReadLine();

            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                Console.WriteLine("x");
                Console.Out.Write("y");
                var op = RunInExecutor(() => Console.ReadLine());
                yield return op;
            }
        }
        """);

    [Fact]
    public Task ConsoleRead_RunsInExecutor() => VerifyCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                var line = [|Console.ReadLine()|];
                [|Console.ReadKey()|];
                Console.WriteLine(line);
                yield break;
            }
        }
        """, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                var op = RunInExecutor(() => Console.ReadLine());
                yield return op;
                var line = op.Result;
                yield return RunInExecutor(() => Console.ReadKey());
                Console.WriteLine(line);
                yield break;
            }
        }
        """, ConsoleInputCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task FakeAsyncRead_HasNoFix() => VerifyNoCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                var line = [|Console.In.ReadLineAsync()|];
                yield return line;
            }
        }
        """);
}
