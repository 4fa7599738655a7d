using Coroutines.CodeFixes;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class BlockingPrimitiveAnalyzerTests
{
    private static readonly BlockingPrimitiveAnalyzer s_analyzer = new();
    private static readonly BlockingPrimitiveCodeFixProvider s_fix = new();

    private const string Prelude = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Threading;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            static readonly object s_gate = new();

        """;

    [Fact]
    public Task BlockingWaits_AreReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(ManualResetEvent evt, ManualResetEventSlim slim, CountdownEvent countdown, Thread worker,
                BlockingCollection<int> queue, ReaderWriterLockSlim rw, Mutex mutex)
            {
                [|evt.WaitOne()|];
                var signalled = [|evt.WaitOne(100)|];
                [|WaitHandle.WaitAll(new WaitHandle[] { evt })|];
                [|slim.Wait()|];
                [|countdown.Wait()|];
                [|worker.Join()|];
                var item = [|queue.Take()|];
                [|queue.Add(1)|];
                [|rw.EnterWriteLock()|];
                rw.ExitWriteLock();
                [|Monitor.Wait(s_gate)|];
                var entered = [|Monitor.TryEnter(s_gate, 50)|];
                [|mutex.WaitOne()|];
                yield break;
            }
        }
        """);

    [Fact]
    public Task ZeroTimeoutsAndOffLoopWaits_AreNotReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(ManualResetEvent evt, ManualResetEventSlim slim, Thread worker)
            {
                var set = evt.WaitOne(0);
                var ready = slim.Wait(TimeSpan.Zero);
                var done = worker.Join(0);
                var entered = Monitor.TryEnter(s_gate);
                yield return RunInExecutor(() => evt.WaitOne());
            }

            static void NotACoroutine(ManualResetEvent evt) => evt.WaitOne();
        }
        """);

    [Fact]
    public Task OffLoopSafeWaits_RunInExecutor() => VerifyCodeFixAsync(s_analyzer, s_fix, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(ManualResetEvent evt, Thread worker, BlockingCollection<int> queue)
            {
                [|evt.WaitOne()|];
                [|worker.Join()|];
                var item = [|queue.Take()|];
                Console.WriteLine(item);
                yield break;
            }
        }
        """, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(ManualResetEvent evt, Thread worker, BlockingCollection<int> queue)
            {
                var op = RunInExecutor(() => evt.WaitOne());
                yield return op;
                var op2 = RunInExecutor(() => worker.Join());
                yield return op2;
                var op3 = RunInExecutor(() => queue.Take());
                yield return op3;
                var item = op3.Result;
                Console.WriteLine(item);
                yield break;
            }
        }
        """, BlockingPrimitiveCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task ThreadAffineLocks_HaveNoFix() => VerifyNoCodeFixAsync(s_analyzer, s_fix, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work(ReaderWriterLockSlim rw, Mutex mutex, Barrier barrier)
            {
                [|rw.EnterReadLock()|];
                rw.ExitReadLock();
                [|mutex.WaitOne()|];
                mutex.ReleaseMutex();
                [|barrier.SignalAndWait()|];
                [|Monitor.Wait(s_gate)|];
                yield break;
            }
        }
        """);
}
