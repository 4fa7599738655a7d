# Twin of EventTests.Set_wakes_every_waiter_in_order_and_a_cancelled_waiter_leaves_no_trace
import asyncio
from _virtual_time import run

async def waiter(name, evt, trace):
    trace.append(f"{name} waits")
    try:
        await evt.wait()
    finally:
        trace.append(f"{name} leaves, set={evt.is_set()}")
    trace.append(f"{name} woke")

async def main():
    trace = []
    evt = asyncio.Event()
    tasks = [asyncio.create_task(waiter(n, evt, trace)) for n in ("a", "b", "c")]
    await asyncio.sleep(0)
    tasks[1].cancel()
    await asyncio.sleep(0)
    trace.append("b cancelled")
    evt.set()
    evt.clear()
    trace.append(f"set then cleared, set={evt.is_set()}")
    late = asyncio.create_task(waiter("late", evt, trace))
    for t in tasks:
        try:
            await t
        except asyncio.CancelledError:
            trace.append("b was cancelled")
    trace.append(f"late done={late.done()}")
    evt.set()
    await late
    trace.append("already set: no suspension")
    await evt.wait()
    trace.append("end")
    for line in trace:
        print(line)

run(main())
