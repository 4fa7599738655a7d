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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Loop_bound_calls_from_another_thread_are_refused_in_every_mode_and_the_loop_goes_on(bool debug)
    {
        var loop = EventLoop.CreateVirtual();
        loop.Debug = debug;
        var future = loop.CreateFuture<int>();
        var sleeper = loop.CreateTask(FromIterator(SleepLong()));
        var refused = new List<string>();
        var ran = 0;
        var calls = new (string Name, Action Call)[]
        {
            ("CallSoon", () => loop.CallSoon(() => ran++)),
            ("CallLater", () => loop.CallLater(1, () => ran++)),
            ("SetResult", () => future.SetResult(1)),
            ("Cancel", () => sleeper.Cancel()),
            ("CreateTask", () => loop.CreateTask(FromIterator(SleepLong()))),
        };

        loop.CallSoon(() =>
        {
            var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
            {
                foreach (var (name, call) in calls)
                {
                    try
                    {
                        call();
                    }
                    catch (InvalidOperationException e) when (e.Message.Contains("CallSoonThreadsafe"))
                    {
                        lock (refused)
                        {
                            refused.Add(name);
                        }
                    }
                }
            })).ToList();
            threads.ForEach(thread => thread.Start());
            threads.ForEach(thread => thread.Join());
            loop.CallSoonThreadsafe(() => ran += 100);
            loop.CallSoon(loop.Stop);
        });
        loop.RunForever();

        Assert.Equal(4 * calls.Length, refused.Count);
        Assert.Equal(100, ran);
        Assert.False(future.Done);
        Assert.False(sleeper.Done);
        sleeper.Cancel();
        loop.RunUntilComplete(FromIterator(SleepShort()));
        Assert.True(sleeper.Cancelled);
        loop.Close();
    }

    [Fact]
    public void Before_the_loop_runs_any_one_thread_may_set_it_up()
    {
        var loop = new EventLoop();
        var result = 0;
        var setup = new Thread(() => loop.CallSoon(() => result = 42));
        setup.Start();
        setup.Join();
        loop.RunUntilComplete(FromIterator(SleepShort()));
        loop.Close();
        Assert.Equal(42, result);
    }

    private static IEnumerable<Yield> SleepLong()
    {
        yield return Sleep(3600);
    }

    private static IEnumerable<Yield> SleepShort()
    {
        yield return Sleep(0);
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
