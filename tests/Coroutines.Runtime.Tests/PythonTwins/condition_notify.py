# Twin of ConditionTests.Notify_wakes_waiters_in_FIFO_order_and_they_resume_holding_the_lock
import asyncio
from _virtual_time import run

async def consumer(name, cond, items, trace):
    async with cond:
        trace.append(f"{name} waits")
        await cond.wait_for(lambda: items)
        trace.append(f"{name} takes {items.pop(0)}, locked={cond.locked()}")

async def main():
    trace = []
    cond = asyncio.Condition()
    items = []
    tasks = [asyncio.create_task(consumer(n, cond, items, trace)) for n in ("a", "b", "c", "d")]
    await asyncio.sleep(0)
    async with cond:
        items.append(1)
        cond.notify()
        trace.append("added 1, notified one")
    await asyncio.sleep(0.1)
    async with cond:
        cond.notify(2)
        trace.append("notified two without adding: they wait again")
    await asyncio.sleep(0.1)
    async with cond:
        items.extend([2, 3, 4])
        cond.notify_all()
        trace.append("added 2, 3, 4, notified all")
    for t in tasks:
        await t
    trace.append(f"end, locked={cond.locked()}")
    for line in trace:
        print(line)

run(main())
