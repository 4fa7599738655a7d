# Twin of SemaphoreTests.Semaphore_admits_value_holders_and_hands_units_to_waiters_in_FIFO_order
import asyncio
from _virtual_time import run

async def worker(name, sem, hold, trace):
    trace.append(f"{name} wants one (value={sem._value}, locked={sem.locked()})")
    async with sem:
        trace.append(f"{name} holds one")
        await asyncio.sleep(hold)
        trace.append(f"{name} gives it back")

async def main():
    trace = []
    sem = asyncio.Semaphore(2)
    # Hold times differ by 20 ms so no two timers tie on the real clock.
    tasks = [asyncio.create_task(worker(n, sem, h, trace)) for n, h in (("a", 0.1), ("b", 0.12), ("c", 0.1), ("d", 0.12), ("e", 0.1))]
    await asyncio.sleep(0.05)
    trace.append(f"t=0.05 value={sem._value} locked={sem.locked()}")
    for t in tasks:
        await t
    trace.append(f"end value={sem._value} locked={sem.locked()}")
    for line in trace:
        print(line)

run(main())
