# Twin of LockTests.Cancelled_lock_waiters_leave_no_trace_and_never_swallow_a_wakeup
import asyncio
from _virtual_time import run

async def worker(name, lock, trace):
    try:
        await lock.acquire()
    except asyncio.CancelledError:
        trace.append(f"{name} cancelled, locked={lock.locked()}")
        raise
    trace.append(f"{name} has it")
    await asyncio.sleep(0)
    lock.release()
    trace.append(f"{name} released")

async def main():
    trace = []
    lock = asyncio.Lock()
    await lock.acquire()
    a, b, c = (asyncio.create_task(worker(n, lock, trace)) for n in ("a", "b", "c"))
    await asyncio.sleep(0)
    # b is cancelled while queued: it leaves without a trace
    b.cancel()
    await asyncio.sleep(0)
    trace.append("b gone")
    # a is woken by the release, then cancelled before it runs: the wake-up passes to c
    lock.release()
    a.cancel()
    trace.append(f"released and cancelled a, locked={lock.locked()}")
    for t in (a, b, c):
        try:
            await t
        except asyncio.CancelledError:
            pass
    trace.append(f"a cancelled={a.cancelled()} b cancelled={b.cancelled()} c cancelled={c.cancelled()}")
    trace.append(f"end, locked={lock.locked()}")
    for line in trace:
        print(line)

run(main())
