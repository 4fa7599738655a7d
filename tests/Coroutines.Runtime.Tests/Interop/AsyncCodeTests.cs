using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Interop;

/// <summary>Coroutines called from ordinary async code: Co.RunAsync, await on a coroutine, and stranded tasks.</summary>
public class AsyncCodeTests
{
    private static IEnumerable<Yield<int>> Double(int value)
    {
        yield return Sleep(0.001);
        yield return Return(value * 2);
    }

    private static IEnumerable<Yield<int>> Fail()
    {
        yield return Sleep(0);
        throw new InvalidDataException("bad frame");
    }

    private static IEnumerable<Yield<int>> CancelItself()
    {
        yield return Sleep(0);
        Current().Cancel();
        yield return Sleep(1);
        yield return Return(0);
    }

    private static CoroutineTask Current() => GetRunningLoop().CurrentTask ?? throw new InvalidOperationException("no task");

    [Fact]
    public async Task RunAsync_runs_the_coroutine_on_a_loop_thread_of_its_own_and_completes_with_its_result()
    {
        var caller = Environment.CurrentManagedThreadId;
        var ranOn = 0;
        IEnumerable<Yield<int>> Work()
        {
            ranOn = Environment.CurrentManagedThreadId;
            yield return Sleep(0.001);
            yield return Return(21 * 2);
        }

        var result = await RunAsync(FromIterator(Work()));

        Assert.Equal(42, result);
        Assert.NotEqual(caller, ranOn);
    }

    [Fact]
    public async Task RunAsync_rethrows_the_coroutines_own_exception()
    {
        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => RunAsync(FromIterator(Fail())));
        Assert.Equal("bad frame", failure.Message);
    }

    [Fact]
    public async Task A_cancelled_coroutine_is_a_cancelled_Task()
    {
        var task = RunAsync(FromIterator(CancelItself()));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(task.IsCanceled);
    }

    [Fact]
    public async Task RunAsync_cancels_what_the_coroutine_left_running_before_completing()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Orphan()
        {
            try
            {
                yield return Sleep(3600);
            }
            finally
            {
                trace.Add("orphan unwound");
            }
        }

        IEnumerable<Yield> Main()
        {
            CreateTask(FromIterator(Orphan()));
            yield return Sleep(0);
            trace.Add("main done");
        }

        await RunAsync(FromIterator(Main()));

        Assert.Equal(new[] { "main done", "orphan unwound" }, trace);
    }

    [Fact]
    public async Task Await_on_a_coroutine_outside_any_loop_runs_it_like_RunAsync()
    {
        var doubled = await FromIterator(Double(8));
        Assert.Equal(16, doubled);

        await Assert.ThrowsAsync<InvalidDataException>(async () => await FromIterator(Fail()));
    }

    [Fact]
    public void Async_code_called_from_the_loop_awaits_a_coroutine_as_a_task_of_that_same_loop()
    {
        var loopThread = 0;
        var resumedOn = 0;
        async Task<int> LibraryCallAsync()
        {
            var value = await FromIterator(Double(5));
            resumedOn = Environment.CurrentManagedThreadId;
            return value + 1;
        }

        IEnumerable<Yield<int>> Main()
        {
            loopThread = Environment.CurrentManagedThreadId;
            var tasksBefore = GetRunningLoop().AllTasks().Count;
            var call = LibraryCallAsync();
            Assert.Equal(tasksBefore + 1, GetRunningLoop().AllTasks().Count);
            var answer = Await(call);
            yield return answer;
            yield return Return(answer.Result);
        }

        Assert.Equal(11, Run(FromIterator(Main())));
        Assert.Equal(loopThread, resumedOn);
    }

    [Fact]
    public void Awaiting_a_task_of_a_loop_that_never_ran_throws_at_once_instead_of_hanging()
    {
        var loop = new EventLoop();
        var task = loop.CreateTask(FromIterator(Double(2)));
        async Task<int> AwaitIt() => await task;

        var awaiting = AwaitIt();

        // Completed synchronously: the await did not register a continuation that nothing would ever run.
        Assert.True(awaiting.IsFaulted);
        var failure = Assert.IsType<InvalidOperationException>(awaiting.Exception!.InnerException);
        Assert.Contains("not running", failure.Message);
        Assert.Contains("Co.RunAsync", failure.Message);
        task.Cancel();
        loop.RunUntilComplete(FromIterator(Idle()));
        loop.Close();
    }

    [Fact]
    public void Awaiting_a_future_of_a_closed_loop_throws_at_once()
    {
        var loop = new EventLoop();
        var future = loop.CreateFuture<int>();
        loop.Close();
        async Task<int> AwaitIt() => await future;

        var awaiting = AwaitIt();

        Assert.True(awaiting.IsFaulted);
        Assert.IsType<InvalidOperationException>(awaiting.Exception!.InnerException);
    }

    [Fact]
    public async Task A_finished_task_of_a_stopped_loop_still_gives_its_result()
    {
        var loop = new EventLoop();
        var task = loop.CreateTask(FromIterator(Double(4)));
        loop.RunUntilComplete(task);
        loop.Close();

        Assert.Equal(8, await task);
    }

    [Fact]
    public void A_Task_that_finishes_after_its_loop_closed_is_dropped_without_throwing_on_the_completing_thread()
    {
        var loop = new EventLoop();
        var external = new TaskCompletionSource<int>();
        IEnumerable<Yield> WaitsForever()
        {
            yield return external.Task;
            yield return Await(external.Task);
        }

        loop.CreateTask(FromIterator(WaitsForever()));
        loop.RunUntilComplete(FromIterator(Idle()));
        loop.Close();

        // The waiting continuations run inline here; before, they threw "Event loop is closed" on this thread.
        external.SetResult(1);
        Assert.True(external.Task.IsCompletedSuccessfully);
    }

    private static IEnumerable<Yield> Idle()
    {
        yield return Sleep(0);
    }
}
