using Coroutines.CodeFixes;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class BlockingWithoutSiblingAnalyzerTests
{
    private static readonly BlockingWithoutSiblingAnalyzer s_analyzer = new();
    private static readonly BlockingWithoutSiblingCodeFixProvider s_fix = new();

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;
        using System.Threading.Tasks;
        using Coroutines;
        using static Coroutines.Co;

        """;

    [Fact]
    public Task CuratedBlockers_AreReported() => VerifyAnalyzerAsync(s_analyzer, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(string a, string b, FileInfo info)
            {
                [|File.Copy(a, b)|];
                [|File.Delete(a)|];
                [|Directory.CreateDirectory(a)|];
                [|info.CopyTo(b)|];
                var p = [|Process.Start("ls")|];
                [|Parallel.For(0, 10, i => { })|];
                [|GC.WaitForPendingFinalizers()|];
                yield break;
            }
        }
        """);

    [Fact]
    public Task NonBlockingOrOffLoop_IsNotReported() => VerifyAnalyzerAsync(s_analyzer, Usings + """
        partial class C
        {
            static void Plain(string a, string b) => File.Copy(a, b);

            [Coroutine]
            static IEnumerable<Yield> Work(string a, string b)
            {
                yield return RunInExecutor(() => File.Copy(a, b));
                Action later = () => File.Delete(a);
                var text = File.ReadAllTextAsync(a);
                var n = nameof(File.Copy);
                yield return text;
            }
        }
        """);

    [Fact]
    public Task Blocker_RunsInExecutor() => VerifyCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield<long>> Work(string a, string b)
            {
                [|File.Copy(a, b, overwrite: true)|];
                using var stream = [|File.OpenRead(b)|];
                var info = [|Directory.CreateDirectory(a)|];
                yield return Return(stream.Length + info.Name.Length);
            }
        }
        """, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield<long>> Work(string a, string b)
            {
                var op = RunInExecutor(() => File.Copy(a, b, overwrite: true));
                yield return op;
                var op2 = RunInExecutor(() => File.OpenRead(b));
                yield return op2;
                using var stream = op2.Result;
                var op3 = RunInExecutor(() => Directory.CreateDirectory(a));
                yield return op3;
                var info = op3.Result;
                yield return Return(stream.Length + info.Name.Length);
            }
        }
        """, BlockingWithoutSiblingCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task Blocker_WhereExecutorOrYieldIsIllegal_HasNoFix() => VerifyNoCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(string a, string b, bool flag)
            {
                var ok = flag && [|File.OpenRead(a)|] != null;
                try
                {
                    [|File.Copy(a, b)|];
                }
                catch (IOException)
                {
                }

                yield break;
            }
        }

        partial struct S
        {
            string _path;

            [Coroutine]
            IEnumerable<Yield> Work()
            {
                [|File.Delete(_path)|];
                yield break;
            }
        }
        """);

    [Fact]
    public Task MethodsMarkedBlocking_AreReportedAndFixed() => VerifyCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Device d)
            {
                [|d.Reset()|];
                var state = [|d.Query(1)|];
                d.Peek();
                Console.WriteLine(state);
                yield break;
            }
        }

        class Device
        {
            [Blocking("waits for the device")]
            public void Reset()
            {
            }

            [Blocking]
            public int Query(int register) => register;

            [NonBlocking]
            public int Peek() => 0;
        }
        """, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Device d)
            {
                var op = RunInExecutor(() => d.Reset());
                yield return op;
                var op2 = RunInExecutor(() => d.Query(1));
                yield return op2;
                var state = op2.Result;
                d.Peek();
                Console.WriteLine(state);
                yield break;
            }
        }

        class Device
        {
            [Blocking("waits for the device")]
            public void Reset()
            {
            }

            [Blocking]
            public int Query(int register) => register;

            [NonBlocking]
            public int Peek() => 0;
        }
        """, BlockingWithoutSiblingCodeFixProvider.EquivalenceKey);

    private const string CaptureSource = """
        partial class C
        {
            private string _path = "a";

            [Coroutine]
            IEnumerable<Yield> Work()
            {
                {|#0:File.Delete("fixed.txt")|};
                {|#1:File.Delete(_path)|};
                yield break;
            }
        }
        """;

    [Fact]
    public Task ExecutorFix_YieldsANonCapturingLambdaDirectly_AndPutsAnImplicitThisCaptureInALocal() => VerifyCodeFixAsync(
        s_analyzer,
        s_fix,
        Usings + CaptureSource.Replace("{|#0:", "[|").Replace("{|#1:", "[|").Replace(")|}", ")|]"),
        Usings + """
        partial class C
        {
            private string _path = "a";

            [Coroutine]
            IEnumerable<Yield> Work()
            {
                yield return RunInExecutor(() => File.Delete("fixed.txt"));
                var op = RunInExecutor(() => File.Delete(_path));
                yield return op;
                yield break;
            }
        }
        """,
        BlockingWithoutSiblingCodeFixProvider.EquivalenceKey);
}
