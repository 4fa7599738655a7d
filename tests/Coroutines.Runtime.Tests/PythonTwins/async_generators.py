# Twin of AsyncGeneratorTests: an async generator runs only when pulled, in the puller's task; a failure reaches the
# puller at its pull; leaving early closes it (contextlib.aclosing, which `using` is in C#); a cancellation unwinds it;
# pulling an ended or closed generator ends again; two concurrent pulls are an error.
import asyncio
import contextlib
from _virtual_time import run


async def numbers(trace, name, n, fail_at=None):
    try:
        for i in range(n):
            trace.append(f"{name}: producing {i}")
            await asyncio.sleep(0.5)
            if fail_at == i:
                raise ValueError(f"{name} failed at {i}")
            yield i
            trace.append(f"{name}: resumed after {i}")
        trace.append(f"{name}: done")
    finally:
        trace.append(f"{name}: finally")


async def consume(trace, name, gen, stop_at=None):
    async with contextlib.aclosing(gen) as items:
        trace.append(f"{name}: asks")
        async for item in items:
            trace.append(f"{name}: got {item}")
            if item == stop_at:
                trace.append(f"{name}: stops early")
                break
            trace.append(f"{name}: asks")
    trace.append(f"{name}: after the loop")


async def main():
    trace = []
    loop = asyncio.get_running_loop()

    await consume(trace, "all", numbers(trace, "all", 3))
    await consume(trace, "early", numbers(trace, "early", 5), stop_at=1)

    try:
        await consume(trace, "failing", numbers(trace, "failing", 5, fail_at=1))
    except ValueError as e:
        trace.append(f"failing: the puller sees {e}")

    task = asyncio.create_task(consume(trace, "cancelled", numbers(trace, "cancelled", 5)))
    loop.call_later(1.25, task.cancel)
    try:
        await task
    except asyncio.CancelledError:
        trace.append("cancelled: the consumer task ends cancelled")

    gen = numbers(trace, "ended", 1)
    trace.append(f"ended: first {await anext(gen)}")
    for attempt in range(2):
        try:
            await anext(gen)
        except StopAsyncIteration:
            trace.append(f"ended: pull {attempt + 2} ends")

    gen = numbers(trace, "closed", 3)
    trace.append(f"closed: first {await anext(gen)}")
    await gen.aclose()
    try:
        await anext(gen)
    except StopAsyncIteration:
        trace.append("closed: a pull after aclose ends")

    gen = numbers(trace, "shared", 3)
    first = asyncio.create_task(anext(gen))
    await asyncio.sleep(0)
    try:
        await anext(gen)
    except RuntimeError:
        trace.append("shared: a second concurrent pull is refused")
    trace.append(f"shared: the first pull got {await first}")
    await gen.aclose()

    for line in trace:
        print(line)


run(main())
