# Twin of QueueTests.Cancelled_getters_and_putters_leave_no_trace_and_pass_on_a_wakeup
import asyncio
from _virtual_time import run

async def getter(name, q, trace):
    try:
        item = await q.get()
    except asyncio.CancelledError:
        trace.append(f"{name} cancelled, size={q.qsize()}")
        raise
    trace.append(f"{name} got {item}")

async def putter(name, q, item, trace):
    try:
        await q.put(item)
    except asyncio.CancelledError:
        trace.append(f"{name} cancelled, size={q.qsize()}")
        raise
    trace.append(f"{name} put {item}")

async def settle(tasks):
    for t in tasks:
        try:
            await t
        except asyncio.CancelledError:
            pass

async def main():
    trace = []
    q = asyncio.Queue()
    g = [asyncio.create_task(getter(n, q, trace)) for n in ("g1", "g2", "g3")]
    await asyncio.sleep(0)
    g[1].cancel()
    await asyncio.sleep(0)
    q.put_nowait("x")
    g[0].cancel()
    trace.append("put x and cancelled g1")
    await settle(g)
    trace.append(f"getters done, size={q.qsize()}")

    q2 = asyncio.Queue(maxsize=1)
    q2.put_nowait("old")
    p = [asyncio.create_task(putter(n, q2, n, trace)) for n in ("p1", "p2", "p3")]
    await asyncio.sleep(0)
    p[1].cancel()
    await asyncio.sleep(0)
    trace.append(f"took {q2.get_nowait()} and cancelled p1")
    p[0].cancel()
    await settle(p)
    trace.append(f"putters done, q2 holds {q2.get_nowait()}, empty={q2.empty()}")
    for line in trace:
        print(line)

run(main())
