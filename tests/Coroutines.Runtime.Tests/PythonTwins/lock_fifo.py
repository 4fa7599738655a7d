# Twin of LockTests.Lock_waiters_acquire_in_FIFO_order_and_a_newcomer_does_not_barge_in
import asyncio
from _virtual_time import run

async def worker(name, lock, trace):
    trace.append(f"{name} wants it")
    async with lock:
        trace.append(f"{name} has it")
        await asyncio.sleep(0)
        trace.append(f"{name} releases")

async def main():
    trace = []
    lock = asyncio.Lock()
    await lock.acquire()
    trace.append(f"main has it, locked={lock.locked()}")
    tasks = [asyncio.create_task(worker(n, lock, trace)) for n in ("a", "b", "c")]
    await asyncio.sleep(0)
    lock.release()
    trace.append(f"main released, locked={lock.locked()}")
    tasks.append(asyncio.create_task(worker("late", lock, trace)))
    for t in tasks:
        await t
    trace.append(f"end, locked={lock.locked()}")
    for line in trace:
        print(line)

run(main())
