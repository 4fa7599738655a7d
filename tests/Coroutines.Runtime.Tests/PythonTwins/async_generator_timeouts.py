# Twin of AsyncGeneratorTests' per-item timeouts: `wait_for(anext(gen), t)` and `async with asyncio.timeout(t):`
# around one pull. An item that comes in time is delivered; a pull that times out cancels the generator where it
# waits, so it unwinds (its finally runs) and later pulls end at once.
import asyncio
from _virtual_time import run


async def slow_numbers(trace, name, delays):
    try:
        for i, delay in enumerate(delays):
            await asyncio.sleep(delay)
            yield i
    finally:
        trace.append(f"{name}: finally at {asyncio.get_running_loop().time():g}")


async def main():
    trace = []
    loop = asyncio.get_running_loop()

    gen = slow_numbers(trace, "wait_for", [0.5, 3, 1])
    for _ in range(2):
        try:
            item = await asyncio.wait_for(anext(gen), 1)
            trace.append(f"wait_for: got {item} at {loop.time():g}")
        except TimeoutError:
            trace.append(f"wait_for: timed out at {loop.time():g}")
    try:
        await anext(gen)
    except StopAsyncIteration:
        trace.append(f"wait_for: the generator has ended at {loop.time():g}")

    gen = slow_numbers(trace, "scope", [0.5, 3, 1])
    for _ in range(2):
        try:
            async with asyncio.timeout(1):
                item = await anext(gen)
            trace.append(f"scope: got {item} at {loop.time():g}")
        except TimeoutError:
            trace.append(f"scope: timed out at {loop.time():g}")
    try:
        await anext(gen)
    except StopAsyncIteration:
        trace.append(f"scope: the generator has ended at {loop.time():g}")
    return trace


for line in run(main()):
    print(line)
