# Twin of LockTests.Release_while_the_first_waiter_is_cancelled_reaches_the_next_waiter_through_it
import asyncio
from _virtual_time import run

async def worker(name, lock, trace):
    try:
        await lock.acquire()
    except asyncio.CancelledError:
        trace.append(f"{name} cancelled, locked={lock.locked()}")
        raise
    trace.append(f"{name} has it")
    lock.release()

async def main():
    trace = []
    lock = asyncio.Lock()
    await lock.acquire()
    a, b = (asyncio.create_task(worker(n, lock, trace)) for n in ("a", "b"))
    await asyncio.sleep(0)
    a.cancel()
    lock.release()
    trace.append(f"cancelled a, then released: locked={lock.locked()}")
    await asyncio.sleep(0)
    trace.append(f"one iteration later: locked={lock.locked()} b done={b.done()}")
    await b
    try:
        await a
    except asyncio.CancelledError:
        pass
    trace.append(f"end, locked={lock.locked()}")
    for line in trace:
        print(line)

run(main())
