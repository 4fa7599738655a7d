using System.Collections.Immutable;
using Coroutines.CodeFixes;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class AsyncSiblingAnalyzerTests
{
    private static readonly AsyncSiblingAnalyzer s_analyzer = new();
    private static readonly AsyncSiblingCodeFixProvider s_fix = new();

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Coroutines;
        using static Coroutines.Co;

        """;

    [Fact]
    public Task SyncIo_WithSibling_IsReported() => VerifyAnalyzerAsync(s_analyzer, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Stream s, StreamReader r, byte[] buf, string path, Device d)
            {
                var n = [|s.Read(buf, 0, 4)|];
                [|s.Write(buf, 0, n)|];
                [|s.Flush()|];
                var text = [|File.ReadAllText(path)|];
                [|File.WriteAllText(path, text)|];
                var line = [|r.ReadLine()|];
                [|d.Send(1)|];
                yield break;
            }
        }

        class Device
        {
            public void Send(int x)
            {
            }

            public ValueTask SendAsync(int x, CancellationToken cancellationToken = default) => default;
        }
        """);

    [Fact]
    public Task InMemoryConsoleAndUnsuitableSiblings_AreNotReported() => VerifyAnalyzerAsync(s_analyzer, Usings + """
        partial class C
        {
            static void Plain(Stream s) => s.Flush();

            [Coroutine]
            static IEnumerable<Yield> Work(MemoryStream m, StringReader sr, StringWriter sw, Other o, byte[] buf, SemaphoreSlim sem)
            {
                m.Write(buf, 0, 1);
                var l = sr.ReadLine();
                sw.Write("x");
                Console.Out.WriteLine("hello");
                Console.Error.Flush();
                var line = Console.In.ReadLine();
                o.Obsolete();
                o.NeedsMore(1);
                o.Private();
                o.ReturnsVoid();
                Action a = () => File.ReadAllText("p");
                var n = nameof(File.ReadAllText);
                var got = sem.Wait(0);
                yield return File.ReadAllTextAsync("p");
            }
        }

        class Other
        {
            public void Obsolete()
            {
            }

            [Obsolete]
            public Task ObsoleteAsync() => Task.CompletedTask;

            public void NeedsMore(int x)
            {
            }

            public Task NeedsMoreAsync(int x, string required) => Task.CompletedTask;

            public void Private()
            {
            }

            private Task PrivateAsync() => Task.CompletedTask;

            public void ReturnsVoid()
            {
            }

            public void ReturnsVoidAsync()
            {
            }
        }
        """);

    [Fact]
    public Task SyncIo_BecomesYieldedSibling() => VerifyCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Stream s, byte[] buf, string path, Device d)
            {
                var n = [|s.Read(buf, 0, 4)|];
                [|s.Write(buf, 0, n)|];
                string text;
                text = [|File.ReadAllText(path)|];
                [|d.Send(n)|];
                Console.WriteLine([|File.ReadAllText(path)|] + text);
                yield break;
            }
        }

        class Device
        {
            public void Send(int x)
            {
            }

            public ValueTask SendAsync(int x, CancellationToken cancellationToken = default) => default;
        }
        """, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Stream s, byte[] buf, string path, Device d)
            {
                var op = Await(s.ReadAsync(buf, 0, 4));
                yield return op;
                var n = op.Result;
                yield return s.WriteAsync(buf, 0, n);
                string text;
                var op2 = Await(File.ReadAllTextAsync(path));
                yield return op2;
                text = op2.Result;
                yield return Await(d.SendAsync(n));
                var op3 = Await(File.ReadAllTextAsync(path));
                yield return op3;
                Console.WriteLine(op3.Result + text);
                yield break;
            }
        }

        class Device
        {
            public void Send(int x)
            {
            }

            public ValueTask SendAsync(int x, CancellationToken cancellationToken = default) => default;
        }
        """, AsyncSiblingCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task NestedCalls_FixAllHoistsInnerFirstWithUniqueNames() => VerifyCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(string path)
            {
                var op = 1;
                var text = [|File.ReadAllText([|File.ReadAllText(path)|])|];
                Console.WriteLine(text + op);
                yield break;
            }
        }
        """, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(string path)
            {
                var op = 1;
                var op3 = Await(File.ReadAllTextAsync(path));
                yield return op3;
                var op2 = Await(File.ReadAllTextAsync(op3.Result));
                yield return op2;
                var text = op2.Result;
                Console.WriteLine(text + op);
                yield break;
            }
        }
        """, AsyncSiblingCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task SyncIo_WhereYieldIsIllegal_HasNoFix() => VerifyNoCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Stream s, byte[] buf, bool b)
            {
                while ([|s.Read(buf, 0, 1)|] > 0)
                {
                    yield return default;
                }

                var ok = b || [|s.Read(buf, 0, 1)|] > 0;
                try
                {
                    [|s.Flush()|];
                }
                catch (IOException)
                {
                }
                finally
                {
                    [|s.Flush()|];
                }
            }
        }
        """);

    [Fact]
    public Task MethodsMarkedNonBlockingOrBlocking_AreNotReportedHere() => VerifyAnalyzerAsync(s_analyzer, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Buffer b)
            {
                b.Flush();
                b.Drain();
                [|b.Send()|];
                yield break;
            }
        }

        class Buffer
        {
            [NonBlocking]
            public void Flush()
            {
            }

            public Task FlushAsync() => Task.CompletedTask;

            [Blocking]
            public void Drain()
            {
            }

            public Task DrainAsync() => Task.CompletedTask;

            public void Send()
            {
            }

            public Task SendAsync() => Task.CompletedTask;
        }
        """);

    [Fact]
    public async Task SyncIo_OffersSiblingThenExecutor()
    {
        ImmutableArray<string?> keys = await GetOfferedKeysAsync(s_analyzer, s_fix, Usings + """
            partial class C
            {
                [Coroutine]
                static IEnumerable<Yield> Work(string path)
                {
                    var text = [|File.ReadAllText(path)|];
                    yield break;
                }
            }
            """);
        Assert.Equal(new string?[] { AsyncSiblingCodeFixProvider.EquivalenceKey, AsyncSiblingCodeFixProvider.ExecutorKey }, keys.ToArray());
    }

    [Fact]
    public Task SyncIo_ExecutorAction_WrapsTheCall() => VerifyCodeFixAsync(s_analyzer, s_fix, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(string path)
            {
                var text = [|File.ReadAllText(path)|];
                [|File.WriteAllText(path, text)|];
                yield break;
            }
        }
        """, Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(string path)
            {
                var op = RunInExecutor(() => File.ReadAllText(path));
                yield return op;
                var text = op.Result;
                var op2 = RunInExecutor(() => File.WriteAllText(path, text));
                yield return op2;
                yield break;
            }
        }
        """, AsyncSiblingCodeFixProvider.ExecutorKey);
}
