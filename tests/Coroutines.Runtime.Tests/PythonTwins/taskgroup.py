# Twin of TaskGroupTests.*: a child failure cancels its siblings and the body; failures come together.
import asyncio
from _virtual_time import run

async def sleeper(trace, name, delay):
    try:
        await asyncio.sleep(delay)
        trace.append(f"{name} finished")
    finally:
        trace.append(f"{name} finally")

async def failer(trace, name, delay):
    await asyncio.sleep(delay)
    trace.append(f"{name} raising")
    raise ValueError(name)

async def main():
    trace = []
    async with asyncio.TaskGroup() as tg:
        tg.create_task(sleeper(trace, "x", 0.2))
        tg.create_task(sleeper(trace, "y", 0.1))
    trace.append("all finished")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(sleeper(trace, "sibling", 5))
            tg.create_task(failer(trace, "boom1", 0.1))
            tg.create_task(failer(trace, "boom2", 0.1))
            try:
                await asyncio.sleep(10)
            finally:
                trace.append("body finally")
    except* ValueError as eg:
        trace.append(f"group failed with {sorted(str(e) for e in eg.exceptions)}")
    for line in trace:
        print(line)

run(main())
