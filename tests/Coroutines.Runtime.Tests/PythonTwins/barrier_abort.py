# Twin of BarrierTests.Abort_and_reset_break_the_waiters_and_cancellation_leaves_the_count
import asyncio
from _virtual_time import run

async def party(name, barrier, trace):
    try:
        index = await barrier.wait()
        trace.append(f"{name} passed with index {index}")
    except asyncio.BrokenBarrierError:
        trace.append(f"{name} broken")
    except asyncio.CancelledError:
        trace.append(f"{name} cancelled")
        raise

async def settle(tasks):
    for t in tasks:
        try:
            await t
        except asyncio.CancelledError:
            pass

async def main():
    trace = []
    barrier = asyncio.Barrier(3)
    a, b = (asyncio.create_task(party(n, barrier, trace)) for n in ("a", "b"))
    await asyncio.sleep(0)
    trace.append(f"two waiting={barrier.n_waiting}")
    a.cancel()
    await asyncio.sleep(0)
    trace.append(f"a cancelled, waiting={barrier.n_waiting}")
    c, d = (asyncio.create_task(party(n, barrier, trace)) for n in ("c", "d"))
    await settle([a, b, c, d])
    trace.append(f"after the cycle waiting={barrier.n_waiting}")

    e, f = (asyncio.create_task(party(n, barrier, trace)) for n in ("e", "f"))
    await asyncio.sleep(0)
    await barrier.reset()
    await settle([e, f])
    trace.append(f"after reset waiting={barrier.n_waiting} broken={barrier.broken}")

    g = asyncio.create_task(party("g", barrier, trace))
    await asyncio.sleep(0)
    await barrier.abort()
    await settle([g])
    h = asyncio.create_task(party("h", barrier, trace))
    await settle([h])
    trace.append(f"after abort broken={barrier.broken}")
    await barrier.reset()
    trace.append(f"reset again broken={barrier.broken} waiting={barrier.n_waiting}")
    for line in trace:
        print(line)

run(main())
