# Twin of SettleTests.Settled_waits_*: a template waits on a primitive without rethrowing (`Settle(wait)`), where
# Python writes `try: await wait except ...:`. Settling changes no ordering; failures are read afterwards.
import asyncio
from _virtual_time import run


async def main():
    trace = []
    lock = asyncio.Lock()
    sem = asyncio.Semaphore(1)
    event = asyncio.Event()
    cond = asyncio.Condition()
    barrier = asyncio.Barrier(3)

    async def holder():
        async with lock:
            await sem.acquire()
            trace.append("holder has the lock and the semaphore")
            await asyncio.sleep(1)
            sem.release()
        trace.append("holder released")

    async def waiter(name):
        try:
            await lock.acquire()
            trace.append(f"{name} acquired the lock: True")
            lock.release()
            await sem.acquire()
            trace.append(f"{name} acquired the semaphore: True")
            sem.release()
            await event.wait()
            trace.append(f"{name} saw the event: True")
            async with cond:
                await cond.wait()
                trace.append(f"{name} was notified: True")
        except Exception as e:
            trace.append(f"{name} failed: {type(e).__name__}")

    async def party(name):
        try:
            index = await barrier.wait()
            trace.append(f"{name} passed the barrier as {index}")
        except asyncio.BrokenBarrierError:
            trace.append(f"{name} saw the barrier broken")

    tasks = [asyncio.create_task(holder()), asyncio.create_task(waiter("w"))]
    await asyncio.sleep(2)
    event.set()
    await asyncio.sleep(0.5)
    async with cond:
        cond.notify_all()
    await asyncio.gather(*tasks)

    parties = [asyncio.create_task(party(f"p{i}")) for i in range(2)]
    await asyncio.sleep(0.5)
    await barrier.abort()
    await asyncio.gather(*parties)
    for line in trace:
        print(line)


run(main())
