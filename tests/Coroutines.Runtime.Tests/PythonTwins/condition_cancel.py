# Twin of ConditionTests.A_cancelled_condition_waiter_reacquires_the_lock_and_consumes_no_notification
import asyncio
from _virtual_time import run

async def waiter(name, cond, trace):
    async with cond:
        try:
            await cond.wait()
            trace.append(f"{name} notified, locked={cond.locked()}")
        except asyncio.CancelledError:
            trace.append(f"{name} cancelled, holds the lock={cond.locked()}")
            raise

async def main():
    trace = []
    cond = asyncio.Condition()
    a, b, c = (asyncio.create_task(waiter(n, cond, trace)) for n in ("a", "b", "c"))
    await asyncio.sleep(0)
    # a is cancelled while the lock is held by main: it re-acquires it only after main releases
    await cond.acquire()
    a.cancel()
    await asyncio.sleep(0)
    trace.append(f"a cancelled while main holds the lock, a done={a.done()}")
    cond.notify()
    trace.append("notified one")
    cond.release()
    for t in (a, b):
        try:
            await t
        except asyncio.CancelledError:
            pass
    trace.append(f"a cancelled={a.cancelled()} b cancelled={b.cancelled()} c done={c.done()}")
    async with cond:
        cond.notify()
    await c
    trace.append(f"end, locked={cond.locked()}")
    for line in trace:
        print(line)

run(main())
