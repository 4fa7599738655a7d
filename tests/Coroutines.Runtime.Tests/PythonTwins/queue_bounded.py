# Twin of QueueTests.Bounded_queue_blocks_putters_when_full_and_getters_when_empty_in_FIFO_order
import asyncio


# Virtual time, as the C# side runs on: when nothing is ready the loop jumps its clock to the next timer instead of
# sleeping, so a loaded machine cannot merge timers into one iteration and change the order.
class _VirtualSelector:
    def __init__(self, loop, real):
        self._loop = loop
        self._real = real

    def select(self, timeout=None):
        if timeout:
            self._loop.virtual_now += timeout
        return self._real.select(0)

    def __getattr__(self, name):
        return getattr(self._real, name)


class _VirtualTimeLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__()
        self.virtual_now = 0.0
        self._selector = _VirtualSelector(self, self._selector)

    def time(self):
        return self.virtual_now


class _VirtualTimePolicy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self):
        return _VirtualTimeLoop()


asyncio.set_event_loop_policy(_VirtualTimePolicy())

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
async def run():
    global start
    start = asyncio.get_running_loop().time()
    await main()

asyncio.run(run())
