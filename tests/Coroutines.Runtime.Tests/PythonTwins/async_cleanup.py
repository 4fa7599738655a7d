# Twin of DeferTests: `async with` whose __aexit__ awaits (the C# template writes `yield return Defer(cleanup)` in the
# coroutine that holds the resource). The exit runs when the block ends normally, by an exception or by a
# cancellation, before the caller resumes; a second cancel() during the exit interrupts it; nested exits run inner first.
import asyncio
from _virtual_time import run


class Resource:
    def __init__(self, trace, name):
        self.trace = trace
        self.name = name

    async def __aenter__(self):
        self.trace.append(f"{self.name}: open")
        return self

    async def __aexit__(self, *exc):
        self.trace.append(f"{self.name}: closing")
        await asyncio.sleep(0.5)
        self.trace.append(f"{self.name}: closed")


async def use(trace, name, work, fail=False):
    async with Resource(trace, name):
        trace.append(f"{name}: using")
        await asyncio.sleep(work)
        if fail:
            raise ValueError(f"{name} failed")
        trace.append(f"{name}: done using")


async def nested(trace):
    async with Resource(trace, "outer"):
        async with Resource(trace, "inner"):
            await asyncio.sleep(1)


async def outcome(trace, name, task):
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        await task
        trace.append(f"{name}: completed at +{loop.time() - start}")
    except asyncio.CancelledError:
        trace.append(f"{name}: cancelled at +{loop.time() - start}")
    except ValueError as e:
        trace.append(f"{name}: {e} at +{loop.time() - start}")


async def main():
    trace = []
    loop = asyncio.get_running_loop()
    await outcome(trace, "normal", asyncio.create_task(use(trace, "normal", 1)))
    await outcome(trace, "failing", asyncio.create_task(use(trace, "failing", 1, fail=True)))

    task = asyncio.create_task(use(trace, "cancelled", 5))
    loop.call_later(1, task.cancel)
    await outcome(trace, "cancelled", task)

    task = asyncio.create_task(use(trace, "twice", 5))
    loop.call_later(1, task.cancel)
    loop.call_later(1.25, task.cancel)
    await outcome(trace, "twice", task)

    task = asyncio.create_task(nested(trace))
    loop.call_later(0.5, task.cancel)
    await outcome(trace, "nested", task)
    for line in trace:
        print(line)


run(main())
