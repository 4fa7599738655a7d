# Twin of QueueTests.Priority_queue_returns_smallest_first_stably_and_lifo_queue_returns_newest_first
import asyncio
from _virtual_time import run

async def main():
    trace = []
    pq = asyncio.PriorityQueue()
    for entry in [(2, 0, "write"), (1, 1, "read"), (3, 2, "idle"), (1, 3, "read again"), (2, 4, "write again")]:
        pq.put_nowait(entry)
    while not pq.empty():
        priority, _, job = await pq.get()
        trace.append(f"priority {priority}: {job}")
    lq = asyncio.LifoQueue(maxsize=3)
    for item in ("a", "b", "c"):
        await lq.put(item)
    trace.append(f"lifo full={lq.full()}")
    waiting = asyncio.create_task(lq.put("d"))
    await asyncio.sleep(0)
    trace.append(f"lifo got {await lq.get()}")
    await waiting
    while not lq.empty():
        trace.append(f"lifo got {lq.get_nowait()}")
    try:
        lq.get_nowait()
    except asyncio.QueueEmpty:
        trace.append("get_nowait on empty raised QueueEmpty")
    for line in trace:
        print(line)

run(main())
