# Twin of CancellationTests.Cancelling_a_task_that_awaits_another_task_cancels_the_inner_one_first
import asyncio
from _virtual_time import run

async def child(trace):
    try:
        await asyncio.sleep(10)
    finally:
        trace.append("child finally")

async def parent(trace, c):
    try:
        await c
    finally:
        trace.append(f"parent finally (child cancelled={c.cancelled()})")

async def main():
    trace = []
    c = asyncio.create_task(child(trace))
    p = asyncio.create_task(parent(trace, c))
    await asyncio.sleep(1)
    p.cancel()
    trace.append(f"cancel requested: child done={c.done()} parent done={p.done()}")
    await asyncio.sleep(0)
    trace.append(f"iteration 1: child done={c.done()} parent done={p.done()}")
    await asyncio.sleep(0)
    trace.append(f"iteration 2: child done={c.done()} parent done={p.done()}")
    await asyncio.sleep(0)
    trace.append(f"iteration 3: child done={c.done()} parent done={p.done()}")
    trace.append(f"child cancelled={c.cancelled()} parent cancelled={p.cancelled()}")
    for line in trace:
        print(line)

run(main())
