using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

/// <summary>Every analyzer over awkward C# (dynamic, ?., generics, patterns, local functions…) must not throw (AD0001).</summary>
public class RobustnessTests
{
    [Fact]
    public async Task AllAnalyzers_OnAwkwardCode_DoNotThrowAndStillReport()
    {
        DiagnosticAnalyzer[] analyzers = typeof(BlockingSleepAnalyzer).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToArray();
        ImmutableArray<Diagnostic> diagnostics = await RunAnalyzersAsync(analyzers, """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Coroutines;
            using static Coroutines.Co;

            static class StreamExtensions
            {
                public static int ReadSome(this Stream s) => s.ReadByte();

                public static Task<int> ReadSomeAsync(this Stream s) => Task.FromResult(s.ReadByte());
            }

            partial class C<TStream> where TStream : Stream
            {
                int this[int i] => i;

                [Coroutine]
                IEnumerable<Yield<int>> Work(TStream generic, Stream? maybe, dynamic d, Task<int>? t, int[] data, CancellationToken ct)
                {
                    var a = generic.Read(data.Select(x => (byte)x).ToArray(), 0, 1);
                    var b = maybe?.ReadByte();
                    var c = t?.Result;
                    d.Wait();
                    var e = this[a] switch { 0 => 1, _ => 2 };
                    if (maybe is { CanRead: true } readable)
                    {
                        var n = readable.ReadSome();
                    }

                    int Local() => t!.Result;
                    Func<Task> lambda = async () => await Task.Delay(1);
                    (int x, int y) = (1, 2);
                    foreach (var (k, v) in new Dictionary<int, int>())
                    {
                        Thread.Sleep(k + v);
                    }

                    using var file = File.OpenRead("x");
                    yield return Return(a + e + x + y + Local());
                }
            }
            """);
        Assert.Contains(diagnostics, d => d.Id == "CORO001");
        Assert.Contains(diagnostics, d => d.Id == "CORO004");
        Assert.Contains(diagnostics, d => d.Id == "CORO005");
    }
}
