# Twin of CombinatorTests.AsCompleted_* and Shield_*
import asyncio
from _virtual_time import run

async def job(name, delay):
    await asyncio.sleep(delay)
    return name

async def guarded(trace):
    try:
        await asyncio.sleep(1)
        trace.append("shielded work finished")
        return "kept"
    finally:
        trace.append("shielded work finally")

async def waiter(trace, inner):
    try:
        await asyncio.shield(inner)
    finally:
        trace.append("waiter finally")

async def main():
    trace = []
    for nxt in asyncio.as_completed([job("c", 0.3), job("a", 0.1), job("b", 0.2)]):
        trace.append(f"as_completed gave {await nxt}")
    got = []
    try:
        for nxt in asyncio.as_completed([job("quick", 0.1), job("late", 5)], timeout=1):
            got.append(await nxt)
    except TimeoutError:
        trace.append(f"as_completed timed out after {got}")
    inner = asyncio.ensure_future(guarded(trace))
    w = asyncio.ensure_future(waiter(trace, inner))
    await asyncio.sleep(0.5)
    w.cancel()
    await asyncio.sleep(0)
    trace.append(f"waiter cancelled={w.cancelled()} inner done={inner.done()}")
    r = await inner
    trace.append(f"inner result {r}")
    for line in trace:
        print(line)

run(main())
