using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Sync;

public class CombinatorTests
{
    [Fact]
    public void WaitFor_on_a_wait_times_out_without_acquiring_and_leaves_no_waiter()
    {
        var lk = new AsyncLock();
        var evt = new AsyncEvent();
        var q = new AsyncQueue<string>();
        var trace = new List<string>();
        IEnumerable<Yield> Main()
        {
            Future<bool> timedOutEvent = WaitFor(AsCoroutine(evt.Wait()), 1);
            yield return Settle(timedOutEvent);
            trace.Add($"event wait: {timedOutEvent.Exception?.GetType().Name}, waiters={evt.WaiterCount}");

            yield return lk.Acquire();
            Future<bool> timedOutLock = WaitFor(AsCoroutine(lk.Acquire()), 1);
            yield return Settle(timedOutLock);
            trace.Add($"lock wait: {timedOutLock.Exception?.GetType().Name}, waiters={lk.WaiterCount}");
            lk.Release();
            trace.Add($"released: locked={lk.Locked}");

            Future<string> timedOutGet = WaitFor(q.Get(), 1);
            yield return Settle(timedOutGet);
            trace.Add($"get: {timedOutGet.Exception?.GetType().Name}, getters={q.GetterCount}");

            GetRunningLoop().CallLater(0.5, () => q.PutNowait("in time"));
            Future<string> inTime = WaitFor(q.Get(), 1);
            yield return inTime;
            trace.Add($"get: {inTime.Result}");

            GetRunningLoop().CallLater(0.5, lk.Release);
            yield return lk.Acquire();
            Future<bool> acquired = WaitFor(AsCoroutine(lk.Acquire()), 1);
            yield return acquired;
            trace.Add($"lock acquired through WaitFor: {acquired.Result}, locked={lk.Locked}");
        }

        EventLoop.CreateVirtual().RunUntilComplete(FromIterator(Main()));
        Assert.Equal(
            new[]
            {
                "event wait: TimeoutException, waiters=0",
                "lock wait: TimeoutException, waiters=0",
                "released: locked=False",
                "get: TimeoutException, getters=0",
                "get: in time",
                "lock acquired through WaitFor: True, locked=True",
            },
            trace);
    }
}
