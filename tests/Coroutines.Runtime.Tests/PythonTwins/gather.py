# Twin of CombinatorTests.Gather_*: results in argument order; the first failure propagates while the others keep running.
import asyncio
from _virtual_time import run

async def value(trace, name, delay, result):
    try:
        await asyncio.sleep(delay)
        trace.append(f"{name} finished")
        return result
    finally:
        trace.append(f"{name} finally")

async def fail(trace, delay):
    await asyncio.sleep(delay)
    trace.append("fail raising")
    raise ValueError("broken")

async def main():
    trace = []
    results = await asyncio.gather(value(trace, "slow", 0.3, 1), value(trace, "fast", 0.1, 2), value(trace, "mid", 0.2, 3))
    trace.append(f"results {results}")
    slow = asyncio.ensure_future(value(trace, "survivor", 0.5, 9))
    g = asyncio.gather(fail(trace, 0.1), slow)
    await asyncio.wait([g])
    trace.append(f"gather failed with {type(g.exception()).__name__}: {g.exception()}; survivor done={slow.done()}")
    await slow
    trace.append(f"survivor result {slow.result()}")
    r = await asyncio.gather(fail(trace, 0.1), value(trace, "ok", 0.2, 5), return_exceptions=True)
    trace.append(f"with return_exceptions: {[type(x).__name__ if isinstance(x, Exception) else x for x in r]}")
    a = asyncio.ensure_future(value(trace, "a", 10, 0))
    b = asyncio.ensure_future(value(trace, "b", 10, 0))
    g2 = asyncio.gather(a, b)
    await asyncio.sleep(0.1)
    trace.append(f"cancel gather returned {g2.cancel()}")
    await asyncio.wait([g2])
    trace.append(f"a cancelled={a.cancelled()} b cancelled={b.cancelled()} gather raises {type(g2.exception()).__name__}")
    done = asyncio.ensure_future(value(trace, "done", 0, 7))
    await done
    g3 = asyncio.gather(done, done)
    g3.add_done_callback(lambda f: trace.append("gather of a finished task done callback"))
    asyncio.get_running_loop().call_soon(lambda: trace.append("call_soon after that gather"))
    r3 = await g3
    trace.append(f"gather of a finished task twice: {r3}")
    shared = asyncio.ensure_future(value(trace, "shared", 0.1, 8))
    first = asyncio.gather(shared)
    first.add_done_callback(lambda f: trace.append("first gather done callback"))
    second = asyncio.gather(shared, shared)
    await second
    trace.append(f"two gathers over one task: {first.result()} {second.result()}")
    for line in trace:
        print(line)

run(main())
