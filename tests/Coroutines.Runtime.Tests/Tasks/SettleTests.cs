using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Tasks;

/// <summary>
/// Anything a template can wait on can be waited on without rethrowing, then inspected: a primitive's wait through
/// <see cref="Co.Settle(Yield)"/> (a <see cref="SettledWait"/>), a coroutine, a future, a task, a <c>Task</c>.
/// </summary>
public class SettleTests
{
    private static IEnumerable<Yield> SettledWaits(List<string> trace)
    {
        var lk = new AsyncLock();
        var sem = new AsyncSemaphore(1);
        var evt = new AsyncEvent();
        var cond = new AsyncCondition();
        var barrier = new AsyncBarrier(3);

        IEnumerable<Yield> Holder()
        {
            yield return lk.Acquire();
            using (lk.Releaser())
            {
                yield return sem.Acquire();
                trace.Add("holder has the lock and the semaphore");
                yield return Sleep(1);
                sem.Release();
            }

            trace.Add("holder released");
        }

        IEnumerable<Yield> Waiter(string name)
        {
            var acquired = Settle(lk.Acquire());
            yield return acquired;
            trace.Add($"{name} acquired the lock: {acquired.Result}");
            lk.Release();
            var taken = Settle(sem.Acquire());
            yield return taken;
            trace.Add($"{name} acquired the semaphore: {taken.Result}");
            sem.Release();
            var seen = Settle(evt.Wait());
            yield return seen;
            trace.Add($"{name} saw the event: {seen.Result}");
            yield return cond.Acquire();
            using (cond.Releaser())
            {
                var notified = Settle(cond.Wait());
                yield return notified;
                trace.Add($"{name} was notified: {notified.Result}");
            }
        }

        IEnumerable<Yield> Party(string name)
        {
            var passed = barrier.Wait();
            yield return Settle(passed);
            trace.Add(passed.Exception is BrokenBarrierException ? $"{name} saw the barrier broken" : $"{name} passed the barrier as {passed.Result}");
        }

        var tasks = new[] { CreateTask(Holder()), CreateTask(Waiter("w")) };
        yield return Sleep(2);
        evt.Set();
        yield return Sleep(0.5);
        yield return cond.Acquire();
        using (cond.Releaser())
        {
            cond.NotifyAll();
        }

        yield return Gather(tasks);
        var parties = Enumerable.Range(0, 2).Select(i => CreateTask(Party($"p{i}"))).ToArray();
        yield return Sleep(0.5);
        yield return barrier.Abort();
        yield return Gather(parties);
    }

    [Fact]
    public void Settled_waits_keep_asyncios_orderings_and_report_their_outcome()
    {
        Scenario.Run(SettledWaits, out List<string> trace);
        PythonTwin.AssertMatches("settle_waits", trace);
    }

    // asyncio 3.11 has no Queue.shutdown (3.13): this follows Python 3.13's documented semantics, as QueueTests does.
    [Fact]
    public void A_blocked_put_settled_reports_the_shutdown_and_the_template_goes_on()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Producer(AsyncQueue<int> queue)
        {
            for (var i = 0; ; i++)
            {
                var put = Settle(queue.Put(i));
                yield return put;
                if (put.Exception is QueueShutDownException)
                {
                    trace.Add($"put {i} refused: the queue shut down (cancelled: {put.Cancelled})");
                    break;
                }

                trace.Add($"put {i}");
            }

            trace.Add("producer ends cleanly");
        }

        IEnumerable<Yield> Main()
        {
            var queue = new AsyncQueue<int>(maxSize: 1);
            var producer = CreateTask(Producer(queue));
            yield return Sleep(1);
            queue.Shutdown();
            yield return producer;
        }

        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main()));
        Assert.Equal(new[] { "put 0", "put 1 refused: the queue shut down (cancelled: False)", "producer ends cleanly" }, trace);
    }

    [Fact]
    public void A_settled_wait_yielded_without_Settle_around_it_still_settles_but_a_cancellation_still_unwinds()
    {
        var trace = new List<string>();
        var loop = EventLoop.CreateVirtual();
        IEnumerable<Yield> Body(AsyncQueue<int> queue)
        {
            SettledWait put = Settle(queue.Put(1));
            yield return put;
            trace.Add($"first put settled: {put.Done}, failed: {put.Exception is not null}");
            try
            {
                yield return Settle(queue.Put(2));
                trace.Add("never: the task is cancelled while the put waits");
            }
            finally
            {
                trace.Add("finally runs on cancellation");
            }
        }

        var queue = new AsyncQueue<int>(maxSize: 1);
        CoroutineTask task = loop.CreateTask(FromIterator(Body(queue)));
        loop.CallLater(1, () => task.Cancel());
        Assert.Throws<CancelledException>(() => loop.RunUntilComplete(task));
        Assert.Equal(new[] { "first put settled: True, failed: False", "finally runs on cancellation" }, trace);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void Coroutines_futures_and_Tasks_settle_and_tell_failure_from_cancellation()
    {
        var loop = EventLoop.CreateVirtual();
        IEnumerable<Yield> Failing()
        {
            yield return Sleep(0.5);
            throw new InvalidOperationException("boom");
        }

        IEnumerable<Yield<string>> Body()
        {
            var failed = FromIterator(Failing());
            yield return Settle(failed);
            var cancelledFuture = GetRunningLoop().CreateFuture<int>();
            GetRunningLoop().CallLater(0.5, () => cancelledFuture.Cancel());
            yield return Settle(cancelledFuture);
            var faultedTask = Task.FromException(new ArgumentException("task"));
            yield return Settle(faultedTask);
            var cancelledTask = CreateTask(FromIterator(Failing()));
            cancelledTask.Cancel();
            yield return Settle(cancelledTask);
            yield return Return(string.Join("; ",
                $"coroutine {failed.Exception?.Message} cancelled={failed.Cancelled}",
                $"future cancelled={cancelledFuture.Cancelled}",
                $"Task {faultedTask.Exception?.InnerException?.Message}",
                $"task cancelled={cancelledTask.Cancelled}"));
        }

        Assert.Equal(
            "coroutine boom cancelled=False; future cancelled=True; Task task; task cancelled=True",
            loop.RunUntilComplete(FromIterator(Body())));
    }
}
