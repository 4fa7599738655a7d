# Twin of QueueTests.Bounded_queue_blocks_putters_when_full_and_getters_when_empty_in_FIFO_order
import asyncio
from _virtual_time import run

async def producer(name, q, items, trace):
    for item in items:
        trace.append(f"{name} puts {item} (size={q.qsize()}, full={q.full()})")
        await q.put(item)
        trace.append(f"{name} put {item}")

async def consumer(name, q, count, pause, trace):
    for _ in range(count):
        item = await q.get()
        trace.append(f"{name} got {item}")
        await asyncio.sleep(pause)
        q.task_done()

async def main():
    trace = []
    q = asyncio.Queue(maxsize=2)
    # Pauses differ by 30 ms so no two timers tie on the real clock.
    consumers = [asyncio.create_task(consumer(n, q, 3, p, trace)) for n, p in (("c1", 0.1), ("c2", 0.13))]
    await asyncio.sleep(0)
    producers = [asyncio.create_task(producer("p1", q, [1, 2, 3], trace)),
                 asyncio.create_task(producer("p2", q, [10, 20, 30], trace))]
    await asyncio.sleep(0)
    trace.append(f"joining with size={q.qsize()}")
    await q.join()
    trace.append(f"joined at t={asyncio.get_running_loop().time() - start:.1f}")
    for t in producers + consumers:
        await t
    trace.append(f"end size={q.qsize()} empty={q.empty()}")
    for line in trace:
        print(line)

start = 0.0
async def timed():
    global start
    start = asyncio.get_running_loop().time()
    await main()

run(timed())
