# Twin of SemaphoreTests.Cancelled_semaphore_waiters_leave_no_trace_and_pass_on_a_unit_they_were_handed
import asyncio
from _virtual_time import run

async def worker(name, sem, trace):
    try:
        await sem.acquire()
    except asyncio.CancelledError:
        trace.append(f"{name} cancelled, value={sem._value}")
        raise
    trace.append(f"{name} holds one")
    await asyncio.sleep(0)
    sem.release()
    trace.append(f"{name} released")

async def main():
    trace = []
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    a, b, c, d = (asyncio.create_task(worker(n, sem, trace)) for n in ("a", "b", "c", "d"))
    await asyncio.sleep(0)
    b.cancel()
    await asyncio.sleep(0)
    trace.append(f"b gone, locked={sem.locked()}")
    sem.release()
    a.cancel()
    trace.append(f"released and cancelled a, value={sem._value}")
    for t in (a, b, c, d):
        try:
            await t
        except asyncio.CancelledError:
            pass
    trace.append(f"end value={sem._value} locked={sem.locked()}")
    for line in trace:
        print(line)

run(main())
