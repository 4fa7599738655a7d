# Twin of QueueTests.A_woken_getter_whose_item_was_taken_first_waits_again_at_the_back
import asyncio
from _virtual_time import run

async def getter(name, q, trace):
    item = await q.get()
    trace.append(f"{name} got {item}")

async def main():
    trace = []
    q = asyncio.Queue()
    g1, g2 = (asyncio.create_task(getter(n, q, trace)) for n in ("g1", "g2"))
    await asyncio.sleep(0)
    q.put_nowait("x")
    trace.append(f"main took {q.get_nowait()} before g1 ran")
    await asyncio.sleep(0)
    q.put_nowait("y")
    q.put_nowait("z")
    trace.append("put y and z")
    await g1
    await g2
    trace.append(f"end empty={q.empty()}")
    for line in trace:
        print(line)

run(main())
