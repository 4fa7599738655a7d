using Coroutines.CodeFixes;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

/// <summary>CORO010 and CORO011 ship disabled; the verifier switches them on for these tests.</summary>
public class OptInRulesTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using Coroutines;
        using static Coroutines.Co;

        """;

    [Fact]
    public void OptInRules_AreDisabledByDefault()
    {
        Assert.False(new FileSystemMetadataAnalyzer().SupportedDiagnostics.Single().IsEnabledByDefault);
        Assert.False(new ConsoleOutputAnalyzer().SupportedDiagnostics.Single().IsEnabledByDefault);
    }

    [Fact]
    public Task FileSystemMetadata_IsReported() => VerifyAnalyzerAsync(new FileSystemMetadataAnalyzer(), Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(string path, FileInfo info)
            {
                var exists = [|File.Exists(path)|];
                var dir = [|Directory.Exists(path)|];
                foreach (var f in [|Directory.EnumerateFiles(path)|])
                {
                }

                var length = [|info.Length|];
                var there = [|info.Exists|];
                var name = info.Name;
                yield return RunInExecutor(() => File.Exists(path));
            }

            static bool Plain(string path) => File.Exists(path);
        }
        """);

    [Fact]
    public Task FileSystemMetadata_RunsInExecutor() => VerifyCodeFixAsync(new FileSystemMetadataAnalyzer(), new FileSystemMetadataCodeFixProvider(), Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(string path)
            {
                var exists = [|File.Exists(path)|];
                Console.WriteLine(exists);
                yield break;
            }
        }
        """, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(string path)
            {
                var op = RunInExecutor(() => File.Exists(path));
                yield return op;
                var exists = op.Result;
                Console.WriteLine(exists);
                yield break;
            }
        }
        """, FileSystemMetadataCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task ConsoleOutput_IsReported() => VerifyAnalyzerAsync(new ConsoleOutputAnalyzer(), Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(TextWriter log)
            {
                [|Console.WriteLine("a")|];
                [|Console.Write(1)|];
                [|Console.Out.WriteLine("b")|];
                [|Console.Error.Flush()|];
                log.WriteLine("not the console");
                var line = Console.ReadLine();
                yield break;
            }
        }
        """);

    [Fact]
    public Task ConsoleOutput_RunsInExecutor() => VerifyCodeFixAsync(new ConsoleOutputAnalyzer(), new ConsoleOutputCodeFixProvider(), Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                [|Console.WriteLine("hello")|];
                yield break;
            }
        }
        """, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                yield return RunInExecutor(() => Console.WriteLine("hello"));
                yield break;
            }
        }
        """, ConsoleOutputCodeFixProvider.EquivalenceKey);
}
