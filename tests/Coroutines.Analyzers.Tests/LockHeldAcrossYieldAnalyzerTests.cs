using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

public class LockHeldAcrossYieldAnalyzerTests
{
    private static readonly LockHeldAcrossYieldAnalyzer s_analyzer = new();

    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using Coroutines;
        using static Coroutines.Co;

        partial class C
        {
            static readonly object s_gate = new();
            static readonly ReaderWriterLockSlim s_rw = new();
            static readonly SemaphoreSlim s_sem = new(1);
            static readonly Mutex s_mutex = new();

        """;

    [Fact]
    public Task YieldWhileLockHeld_IsReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> LockStatement()
            {
                lock (s_gate)
                {
                    [|yield return Sleep(1);|]
                }
            }

            [Coroutine]
            static IEnumerable<Yield> MonitorAroundTry()
            {
                Monitor.Enter(s_gate);
                try
                {
                    [|yield return Sleep(1);|]
                }
                finally
                {
                    Monitor.Exit(s_gate);
                }
            }

            [Coroutine]
            static IEnumerable<Yield> MonitorLockTaken()
            {
                bool taken = false;
                try
                {
                    Monitor.Enter(s_gate, ref taken);
                    [|yield return default;|]
                }
                finally
                {
                    if (taken)
                    {
                        Monitor.Exit(s_gate);
                    }
                }
            }

            [Coroutine]
            static IEnumerable<Yield> Others()
            {
                s_rw.EnterWriteLock();
                [|yield return default;|]
                s_rw.ExitWriteLock();
                s_sem.Wait();
                [|yield return default;|]
                s_sem.Release();
                s_mutex.WaitOne();
                [|yield return default;|]
                s_mutex.ReleaseMutex();
            }
        }
        """);

    [Fact]
    public Task YieldAfterReleaseOrWithAsyncSemaphore_IsNotReported() => VerifyAnalyzerAsync(s_analyzer, Prelude + """
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                lock (s_gate)
                {
                    Console.WriteLine("short critical section");
                }

                yield return default;
                Monitor.Enter(s_gate);
                Monitor.Exit(s_gate);
                yield return default;
                s_rw.EnterReadLock();
                s_rw.ExitReadLock();
                yield return default;

                // The loop-friendly pattern: a yielded WaitAsync gives real mutual exclusion between coroutines.
                yield return s_sem.WaitAsync();
                try
                {
                    yield return Sleep(1);
                }
                finally
                {
                    s_sem.Release();
                }
            }

            static IEnumerable<int> NotACoroutine()
            {
                lock (s_gate)
                {
                    yield return 1;
                }
            }
        }
        """);
}
