# Twin of CombinatorTests.Wait_* and WaitFor_*
import asyncio
from _virtual_time import run

async def job(trace, name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
        if fail:
            raise KeyError(name)
        return name
    finally:
        trace.append(f"{name} finally")

def names(fs, order):
    return sorted((order[f] for f in fs))

async def main():
    trace = []
    ts = [asyncio.ensure_future(job(trace, n, d)) for n, d in (("one", 0.3), ("two", 0.1), ("three", 0.2))]
    order = {t: n for t, n in zip(ts, ("one", "two", "three"))}
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    trace.append(f"first completed: done={names(done, order)} pending={names(pending, order)}")
    done, pending = await asyncio.wait(ts, timeout=0.05)
    trace.append(f"timeout 0.05: done={names(done, order)} pending={names(pending, order)}")
    done, pending = await asyncio.wait(ts)
    trace.append(f"all: done={names(done, order)} pending={names(pending, order)}")
    es = [asyncio.ensure_future(job(trace, "bad", 0.1, fail=True)), asyncio.ensure_future(job(trace, "long", 1))]
    o2 = {es[0]: "bad", es[1]: "long"}
    done, pending = await asyncio.wait(es, return_when=asyncio.FIRST_EXCEPTION)
    trace.append(f"first exception: done={names(done, o2)} pending={names(pending, o2)}")
    es[1].cancel()
    es[0].exception()
    try:
        await asyncio.wait_for(job(trace, "too slow", 5), timeout=1)
    except TimeoutError:
        trace.append(f"wait_for raised TimeoutError at t={round(asyncio.get_running_loop().time() - start, 1)}")
    r = await asyncio.wait_for(job(trace, "quick", 0.5), timeout=1)
    trace.append(f"wait_for returned {r}")
    for line in trace:
        print(line)

start = 0
async def runner():
    global start
    start = asyncio.get_running_loop().time()
    await main()

run(runner())
