# Twin of SchedulingOrderTests.Ready_callbacks_timers_and_task_steps_interleave_as_in_asyncio
import asyncio
from _virtual_time import run

async def worker(name, trace, n):
    for i in range(n):
        trace.append(f"{name} step {i}")
        await asyncio.sleep(0)
    trace.append(f"{name} done")

async def sleeper(trace):
    trace.append("sleeper start")
    await asyncio.sleep(0.1)
    trace.append("sleeper woke")

async def main():
    loop = asyncio.get_running_loop()
    trace = []
    loop.call_later(0.1, lambda: trace.append("call_later 0.1 (registered before sleeper)"))
    a = asyncio.create_task(worker("a", trace, 2))
    s = asyncio.create_task(sleeper(trace))
    loop.call_soon(lambda: trace.append("call_soon 1"))
    b = asyncio.create_task(worker("b", trace, 2))
    loop.call_soon(lambda: trace.append("call_soon 2"))
    await asyncio.sleep(0.05)
    loop.call_later(0.05, lambda: trace.append("call_later 0.05 from t=0.05"))
    await a; await b; await s
    await asyncio.sleep(0.2)
    for line in trace:
        print(line)

run(main())
