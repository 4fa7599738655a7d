using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Interop;

public class InteropTests
{
    [Fact]
    public void RunInExecutor_runs_off_the_loop_thread_and_resumes_on_it()
    {
        int loopThread = 0;
        int workThread = 0;
        int resumedOn = 0;
        IEnumerable<Yield<int>> Main()
        {
            loopThread = Environment.CurrentManagedThreadId;
            Future<int> work = RunInExecutor(() =>
            {
                workThread = Environment.CurrentManagedThreadId;
                return 21;
            });
            yield return work;
            resumedOn = Environment.CurrentManagedThreadId;
            yield return Return(work.Result * 2);
        }

        Assert.Equal(42, Run(FromIterator(Main())));
        Assert.NotEqual(loopThread, workThread);
        Assert.Equal(loopThread, resumedOn);
    }

    [Fact]
    public void RunInExecutor_on_a_virtual_loop_holds_the_clock_until_the_work_reports_back()
    {
        var loop = EventLoop.CreateVirtual();
        var gate = new ManualResetEventSlim();
        var trace = new List<string>();
        IEnumerable<Yield> Main()
        {
            Future work = RunInExecutor(() => gate.Wait());
            CreateTask(Timer());
            yield return work;
            trace.Add($"work done at {GetRunningLoop().Time()}");
        }

        IEnumerable<Yield> Timer()
        {
            yield return Sleep(10);
            trace.Add("timer at 10");
        }

        loop.CallSoon(() => new Thread(() =>
        {
            Thread.Sleep(20);
            gate.Set();
        }).Start());
        loop.RunUntilComplete(FromIterator(Main()));
        Assert.Equal(new[] { "work done at 0" }, trace);
    }

    [Fact]
    public void A_yielded_Task_resumes_on_the_loop_thread_with_its_result()
    {
        int loopThread = 0;
        int resumedOn = 0;
        IEnumerable<Yield<string>> Main()
        {
            loopThread = Environment.CurrentManagedThreadId;
            Task<string> remote = Task.Run(async () =>
            {
                await Task.Delay(1);
                return "from the pool";
            });
            yield return remote;
            resumedOn = Environment.CurrentManagedThreadId;
            yield return Return(remote.Result);
        }

        Assert.Equal("from the pool", Run(FromIterator(Main())));
        Assert.Equal(loopThread, resumedOn);
    }

    [Fact]
    public void ValueTask_results_come_through_Await()
    {
        static async ValueTask<int> Compute()
        {
            await Task.Yield();
            return 9;
        }

        IEnumerable<Yield<int>> Main()
        {
            Future<int> value = Await(Compute());
            yield return value;
            yield return Return(value.Result);
        }

        Assert.Equal(9, Run(FromIterator(Main())));
    }

    [Fact]
    public async Task Async_code_on_another_thread_can_await_a_task_of_a_running_loop_without_deadlock()
    {
        var loop = new EventLoop();
        var created = new TaskCompletionSource<CoroutineTask<int>>();
        IEnumerable<Yield<int>> Work()
        {
            yield return Sleep(0.01);
            yield return Return(5);
        }

        var loopThread = new Thread(() =>
        {
            loop.CallSoon(() => created.SetResult(loop.CreateTask(FromIterator(Work()))));
            loop.RunForever();
        });
        loopThread.Start();
        CoroutineTask<int> task = await created.Task;
        int result = await task;
        loop.CallSoonThreadsafe(loop.Stop);
        loopThread.Join();
        loop.Close();
        Assert.Equal(5, result);
    }

    [Fact]
    public void Async_code_on_the_loop_thread_resumes_on_the_loop()
    {
        var loop = EventLoop.CreateVirtual();
        Future<int> future = loop.CreateFuture<int>();
        int loopThread = Environment.CurrentManagedThreadId;
        int resumedOn = -1;
        int value = 0;
        async void Consumer()
        {
            value = await future;
            resumedOn = Environment.CurrentManagedThreadId;
            loop.Stop();
        }

        loop.CallSoon(Consumer);
        loop.CallLater(1, () => future.SetResult(11));
        loop.RunForever();
        Assert.Equal(11, value);
        Assert.Equal(loopThread, resumedOn);
    }
}
