# Twin of BarrierTests.Barrier_releases_parties_together_cycle_after_cycle_and_late_arrivals_wait_for_the_next
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

async def party(name, barrier, delay, rounds, trace):
    for r in range(rounds):
        await asyncio.sleep(delay)
        trace.append(f"{name} arrives for round {r} (waiting={barrier.n_waiting})")
        index = await barrier.wait()
        trace.append(f"{name} passes round {r} with index {index}")

async def main():
    trace = []
    barrier = asyncio.Barrier(3)
    tasks = [asyncio.create_task(party(n, barrier, d, 2, trace)) for n, d in (("a", 0.3), ("b", 0.1), ("c", 0.2))]
    for t in tasks:
        await t
    trace.append(f"end waiting={barrier.n_waiting} broken={barrier.broken} parties={barrier.parties}")
    for line in trace:
        print(line)

asyncio.run(main())
