# Twin of CancellationTests.Cancel_unwinds_at_the_suspension_point_in_asyncio_order
import asyncio
from _virtual_time import run

async def inner(trace):
    try:
        trace.append("inner sleeping")
        await asyncio.sleep(10)
        trace.append("inner woke (never)")
    finally:
        trace.append("inner finally")

async def outer(trace):
    try:
        await inner(trace)
    finally:
        trace.append("outer finally")

async def main():
    trace = []
    t = asyncio.create_task(outer(trace))
    await asyncio.sleep(1)
    trace.append(f"cancel returned {t.cancel('stop it')}")
    trace.append(f"after cancel: done={t.done()} cancelling={t.cancelling()}")
    await asyncio.sleep(0)
    trace.append(f"one iteration later: done={t.done()}")
    try:
        await t
    except asyncio.CancelledError as e:
        trace.append(f"awaiting it raised CancelledError({e})")
    trace.append(f"cancelled={t.cancelled()} cancel again returned {t.cancel()}")
    for line in trace:
        print(line)

run(main())
