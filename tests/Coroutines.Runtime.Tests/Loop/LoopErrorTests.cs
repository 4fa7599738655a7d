using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Loop;

public class LoopErrorTests
{
    [Fact]
    public void The_loop_survives_a_failing_callback_and_hands_the_error_to_its_handler()
    {
        var loop = EventLoop.CreateVirtual();
        var reported = new List<LoopExceptionContext>();
        var trace = new List<string>();
        loop.SetExceptionHandler((_, context) => reported.Add(context));
        loop.CallSoon(() => throw new InvalidOperationException("boom"));
        loop.CallSoon(() => trace.Add("still running"));
        loop.CallLater(1, () =>
        {
            trace.Add("timer ran");
            loop.Stop();
        });
        loop.RunForever();
        Assert.Equal(new[] { "still running", "timer ran" }, trace);
        LoopExceptionContext context = Assert.Single(reported);
        Assert.IsType<InvalidOperationException>(context.Exception);
        Assert.StartsWith("Exception in callback", context.Message);
    }

    [Fact]
    public void A_failing_exception_handler_does_not_stop_the_loop()
    {
        var loop = EventLoop.CreateVirtual();
        loop.SetExceptionHandler((_, _) => throw new InvalidOperationException("handler broke"));
        bool ran = false;
        loop.CallSoon(() => throw new InvalidOperationException("boom"));
        loop.CallSoon(() =>
        {
            ran = true;
            loop.Stop();
        });
        TextWriter original = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            loop.RunForever();
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.True(ran);
        Assert.Contains("Unhandled error in exception handler", captured.ToString());
    }

    [Fact]
    public void A_failure_nobody_retrieved_is_reported_when_the_loop_closes()
    {
        var loop = EventLoop.CreateVirtual();
        var reported = new List<LoopExceptionContext>();
        loop.SetExceptionHandler((_, context) => reported.Add(context));
        static IEnumerable<Yield> Fails()
        {
            yield return Sleep(1);
            throw new InvalidDataException("lost");
        }

        static IEnumerable<Yield> Main()
        {
            CreateTask(Fails());
            yield return Sleep(5);
        }

        loop.RunUntilComplete(FromIterator(Main()));
        Assert.Empty(reported);
        loop.Close();
        LoopExceptionContext context = Assert.Single(reported);
        Assert.StartsWith("Task exception was never retrieved", context.Message);
        Assert.IsType<InvalidDataException>(context.Exception);
    }

    [Fact]
    public void A_failure_nobody_retrieved_is_reported_when_the_task_is_collected()
    {
        var loop = EventLoop.CreateVirtual();
        var reported = new List<LoopExceptionContext>();
        loop.SetExceptionHandler((_, context) => reported.Add(context));
        static IEnumerable<Yield> Fails()
        {
            yield return Sleep(0);
            throw new InvalidDataException("dropped");
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static void StartAndForget(EventLoop loop) => loop.CreateTask(FromIterator(Fails()));

        StartAndForget(loop);
        loop.CallLater(1, () =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        });
        loop.CallLater(2, loop.Stop);
        loop.RunForever();
        LoopExceptionContext context = Assert.Single(reported);
        Assert.StartsWith("Task exception was never retrieved", context.Message);
        Assert.IsType<InvalidDataException>(context.Exception);
        loop.Close();
        Assert.Single(reported);
    }

    [Fact]
    public void A_failure_that_was_retrieved_is_not_reported()
    {
        var loop = EventLoop.CreateVirtual();
        var reported = new List<LoopExceptionContext>();
        loop.SetExceptionHandler((_, context) => reported.Add(context));
        Future<int> future = loop.CreateFuture<int>();
        future.SetException(new InvalidDataException("seen"));
        Assert.IsType<InvalidDataException>(future.Exception);
        loop.Close();
        Assert.Empty(reported);
    }

    [Fact]
    public void Close_refuses_while_running_and_reports_then_unwinds_tasks_still_pending()
    {
        var loop = EventLoop.CreateVirtual();
        var reported = new List<LoopExceptionContext>();
        var trace = new List<string>();
        loop.SetExceptionHandler((_, context) => reported.Add(context));
        IEnumerable<Yield> Forever()
        {
            try
            {
                yield return Sleep(1e9);
            }
            finally
            {
                trace.Add("finally ran at close");
            }
        }

        CoroutineTask task = loop.CreateTask(FromIterator(Forever()));
        InvalidOperationException? refused = null;
        loop.CallSoon(() =>
        {
            try
            {
                loop.Close();
            }
            catch (InvalidOperationException e)
            {
                refused = e;
            }

            loop.Stop();
        });
        loop.RunForever();
        Assert.NotNull(refused);
        loop.Close();
        Assert.True(loop.IsClosed);
        Assert.False(task.Done);
        Assert.Equal(new[] { "finally ran at close" }, trace);
        Assert.Contains(reported, r => r.Message == "Task was destroyed but it is pending!" && r.Future == task);
        Assert.Throws<InvalidOperationException>(() => loop.CallSoon(() => { }));
    }

    [Fact]
    public void Close_unwinds_every_inline_frame_of_a_pending_task_innermost_first()
    {
        var loop = EventLoop.CreateVirtual();
        loop.SetExceptionHandler((_, _) => { });
        var trace = new List<string>();
        IEnumerable<Yield> Frame(string name, Coroutine? child)
        {
            try
            {
                yield return child is null ? Sleep(1e9) : child;
            }
            finally
            {
                trace.Add(name);
            }
        }

        Coroutine inner = FromIterator(Frame("inner", null));
        Coroutine middle = FromIterator(Frame("middle", inner));
        CoroutineTask task = loop.CreateTask(FromIterator(Frame("outer", middle)));
        loop.CallSoon(loop.Stop);
        loop.RunForever();
        Assert.Equal(3, task.GetStack().Count - 1);
        loop.Close();
        Assert.Equal(new[] { "inner", "middle", "outer" }, trace);
        Assert.Same(task.GetCoro(), task.GetCoro());
        Assert.DoesNotContain(task.GetCoro(), new[] { inner, middle });
    }

    [Fact]
    public void Run_cancels_tasks_still_pending_so_their_finally_blocks_run_then_returns_the_result()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Background()
        {
            try
            {
                yield return Sleep(1e9);
            }
            finally
            {
                trace.Add("background unwound");
            }
        }

        IEnumerable<Yield<int>> Main()
        {
            CreateTask(Background());
            yield return Sleep(0);
            yield return Return(7);
        }

        Assert.Equal(7, Run(FromIterator(Main())));
        Assert.Equal(new[] { "background unwound" }, trace);
    }

    [Fact]
    public void Debug_mode_rejects_loop_bound_calls_from_another_thread()
    {
        var loop = EventLoop.CreateVirtual();
        loop.Debug = true;
        Future<int> future = loop.CreateFuture<int>();
        Exception? fromThread = null;
        loop.CallSoon(() =>
        {
            var thread = new Thread(() =>
            {
                try
                {
                    future.SetResult(1);
                }
                catch (Exception e)
                {
                    fromThread = e;
                }
            });
            thread.Start();
            thread.Join();
            loop.Stop();
        });
        loop.RunForever();
        Assert.IsType<InvalidOperationException>(fromThread);
        Assert.False(future.Done);
    }

    [Fact]
    public void Debug_mode_reports_a_slow_callback()
    {
        var loop = EventLoop.CreateVirtual();
        loop.Debug = true;
        loop.SlowCallbackDuration = TimeSpan.FromMilliseconds(1);
        var reported = new List<string>();
        loop.SetExceptionHandler((_, context) => reported.Add(context.Message));
        loop.CallSoon(() =>
        {
            var spin = System.Diagnostics.Stopwatch.StartNew();
            while (spin.ElapsedMilliseconds < 5)
            {
            }

            loop.Stop();
        });
        loop.RunForever();
        Assert.Contains(reported, m => m.StartsWith("Executing <Handle") && m.EndsWith("seconds"));
    }

    [Fact]
    public void Debug_mode_reports_a_coroutine_that_was_never_awaited()
    {
        var loop = EventLoop.CreateVirtual();
        loop.Debug = true;
        var reported = new List<string>();
        loop.SetExceptionHandler((_, context) =>
        {
            lock (reported)
            {
                reported.Add(context.Message);
            }
        });

        static IEnumerable<Yield> Forgotten()
        {
            yield return Sleep(1);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static void CreateAndDrop() => FromIterator(Forgotten());

        loop.CallSoon(() =>
        {
            CreateAndDrop();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            loop.CallSoon(loop.Stop);
        });
        loop.RunForever();
        loop.Close();
        Assert.Contains("coroutine 'Forgotten' was never awaited", reported);
    }

    [Fact]
    public void RunForever_refuses_a_second_loop_on_the_same_thread()
    {
        var outer = EventLoop.CreateVirtual();
        var inner = EventLoop.CreateVirtual();
        Exception? error = null;
        outer.CallSoon(() =>
        {
            error = Record.Exception(inner.RunForever);
            outer.Stop();
        });
        outer.RunForever();
        Assert.IsType<InvalidOperationException>(error);
    }
}
