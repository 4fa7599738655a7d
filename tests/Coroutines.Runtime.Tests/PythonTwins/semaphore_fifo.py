# Twin of SemaphoreTests.Semaphore_admits_value_holders_and_hands_units_to_waiters_in_FIFO_order
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

async def worker(name, sem, hold, trace):
    trace.append(f"{name} wants one (value={sem._value}, locked={sem.locked()})")
    async with sem:
        trace.append(f"{name} holds one")
        await asyncio.sleep(hold)
        trace.append(f"{name} gives it back")

async def main():
    trace = []
    sem = asyncio.Semaphore(2)
    # Hold times differ by 20 ms so no two timers tie on the real clock.
    tasks = [asyncio.create_task(worker(n, sem, h, trace)) for n, h in (("a", 0.1), ("b", 0.12), ("c", 0.1), ("d", 0.12), ("e", 0.1))]
    await asyncio.sleep(0.05)
    trace.append(f"t=0.05 value={sem._value} locked={sem.locked()}")
    for t in tasks:
        await t
    trace.append(f"end value={sem._value} locked={sem.locked()}")
    for line in trace:
        print(line)

asyncio.run(main())
