using Coroutines.CodeFixes;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class TokenNotForwardedAnalyzerTests
{
    private static readonly TokenNotForwardedAnalyzer s_analyzer = new();
    private static readonly TokenNotForwardedCodeFixProvider s_fix = new();

    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            static Task SendAsync(int x) => Task.CompletedTask;

            static Task SendAsync(int x, CancellationToken cancellationToken) => Task.CompletedTask;

            static Task PingAsync() => Task.CompletedTask;

        """;

    [Fact]
    public Task CallsThatCouldTakeTheToken_AreReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(Stream s, byte[] buf, CancellationToken ct)
            {
                yield return [|s.ReadAsync(buf, 0, 4)|];
                yield return [|File.ReadAllTextAsync("p")|];
                yield return [|SendAsync(1)|];
                yield return [|Task.Delay(1)|];
            }
        }
        """);

    [Fact]
    public Task TokenPassedNoTokenOrNoOverload_IsNotReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(Stream s, byte[] buf, CancellationToken ct)
            {
                yield return s.ReadAsync(buf, 0, 4, ct);
                yield return File.ReadAllTextAsync("p", ct);
                yield return SendAsync(1, CancellationToken.None);
                yield return PingAsync();
            }

            [Coroutine]
            static IEnumerable<Yield> NoToken()
            {
                yield return SendAsync(1);
            }

            static Task Plain(CancellationToken ct) => SendAsync(1);
        }
        """);

    [Fact]
    public Task Token_IsPassedNamedOrAppended() => VerifyCodeFixAsync(s_analyzer, s_fix, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(CancellationToken token)
            {
                yield return [|File.ReadAllTextAsync("p")|];
                yield return [|SendAsync(1)|];
            }
        }
        """, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(CancellationToken token)
            {
                yield return File.ReadAllTextAsync("p", cancellationToken: token);
                yield return SendAsync(1, token);
            }
        }
        """, TokenNotForwardedCodeFixProvider.EquivalenceKey);
}
