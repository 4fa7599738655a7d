using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Tasks;

public class ExceptionTests
{
    private static IEnumerable<Yield> Leaf(List<string> trace)
    {
        try
        {
            yield return Sleep(0.5);
            ThrowBadValue();
        }
        finally
        {
            trace.Add("leaf finally");
        }
    }

    private static void ThrowBadValue() => throw new ArgumentException("bad value");

    private static IEnumerable<Yield> Middle(List<string> trace)
    {
        try
        {
            yield return FromIterator(Leaf(trace));
            trace.Add("middle after leaf (never)");
        }
        finally
        {
            trace.Add("middle finally");
        }
    }

    private static IEnumerable<Yield> Scenario1(List<string> trace)
    {
        CoroutineTask t = CreateTask(Middle(trace));
        yield return Settle(t);
        Exception e = t.Exception!;
        trace.Add($"task done={t.Done} cancelled={t.Cancelled} exception={PythonName(e)}({e.Message})");
    }

    /// <summary>The twin raises ValueError where C# throws ArgumentException.</summary>
    private static string PythonName(Exception e) => e is ArgumentException ? "ValueError" : e.GetType().Name;

    [Fact]
    public void A_failure_unwinds_nested_coroutines_and_faults_the_task()
    {
        Scenario.Run(Scenario1, out List<string> trace);
        PythonTwin.AssertMatches("exception_propagation", trace);
    }

    [Fact]
    public void The_rethrown_exception_is_the_original_object_with_its_original_stack_trace()
    {
        var loop = EventLoop.CreateVirtual();
        var trace = new List<string>();
        CoroutineTask task = loop.CreateTask(FromIterator(Middle(trace)));
        ArgumentException error = Assert.Throws<ArgumentException>(() => loop.RunUntilComplete(task));
        Assert.Same(error, task.Exception);
        Assert.Contains(nameof(ThrowBadValue), error.StackTrace);
    }

    [Fact]
    public void Settle_waits_without_throwing_and_Result_rethrows_the_failure()
    {
        static IEnumerable<Yield<int>> Fails()
        {
            yield return Sleep(1);
            throw new InvalidDataException("nope");
        }

        IEnumerable<Yield<string>> Handles()
        {
            Coroutine<int> work = FromIterator(Fails());
            yield return Settle(work);
            string outcome;
            try
            {
                outcome = work.Result.ToString();
            }
            catch (InvalidDataException e)
            {
                outcome = "caught " + e.Message;
            }

            yield return Return(outcome);
        }

        string result = EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Handles()));
        Assert.Equal("caught nope", result);
    }

    [Fact]
    public void Return_completes_after_the_enclosing_finally_blocks_run()
    {
        var trace = new List<string>();
        IEnumerable<Yield<int>> Body()
        {
            try
            {
                try
                {
                    yield return Sleep(1);
                    trace.Add("returning");
                    yield return Return(42);
                    trace.Add("after return (never)");
                }
                finally
                {
                    trace.Add("inner finally");
                }
            }
            finally
            {
                trace.Add("outer finally");
            }
        }

        IEnumerable<Yield<int>> Caller()
        {
            Coroutine<int> body = FromIterator(Body());
            yield return body;
            trace.Add($"caller sees {body.Result}");
            yield return Return(body.Result + 1);
        }

        int result = EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Caller()));
        Assert.Equal(43, result);
        Assert.Equal(new[] { "returning", "inner finally", "outer finally", "caller sees 42" }, trace);
    }

    [Fact]
    public void A_finally_block_that_throws_while_unwinding_replaces_the_failure_and_outer_finallies_still_run()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Body()
        {
            try
            {
                try
                {
                    yield return Sleep(1);
                    throw new InvalidOperationException("first");
                }
                finally
                {
                    trace.Add("inner finally");
                    throw new FormatException("from finally");
                }
            }
            finally
            {
                trace.Add("outer finally");
            }
        }

        Assert.Throws<FormatException>(() => EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Body())));
        Assert.Equal(new[] { "inner finally", "outer finally" }, trace);
    }

    [Fact]
    public void A_coroutine_object_runs_once()
    {
        static IEnumerable<Yield<int>> One()
        {
            yield return Return(1);
        }

        IEnumerable<Yield<int>> Twice(Coroutine<int> c)
        {
            yield return c;
            yield return c;
            yield return Return(c.Result);
        }

        Coroutine<int> shared = FromIterator(One());
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(
            () => EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Twice(shared))));
        Assert.Equal("coroutine 'One' already started", error.Message);
    }

    [Fact]
    public void Reading_Result_before_completion_throws_InvalidStateException()
    {
        var loop = EventLoop.CreateVirtual();
        static IEnumerable<Yield<int>> Later()
        {
            yield return Sleep(1);
            yield return Return(5);
        }

        Coroutine<int> coroutine = FromIterator(Later());
        Assert.Throws<InvalidStateException>(() => coroutine.Result);
        CoroutineTask<int> task = loop.CreateTask(coroutine);
        Assert.Throws<InvalidStateException>(() => task.Result);
        Future<int> future = loop.CreateFuture<int>();
        Assert.Throws<InvalidStateException>(() => future.Result);
        Assert.Equal(5, loop.RunUntilComplete(task));
    }

    [Fact]
    public void Awaiting_a_faulted_Task_rethrows_its_exception_at_the_yield()
    {
        IEnumerable<Yield> Body()
        {
            yield return Task.FromException(new TimeZoneNotFoundException("tz"));
        }

        Assert.Throws<TimeZoneNotFoundException>(() => EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Body())));
    }
}
