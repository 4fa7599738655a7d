# Twin of TimeoutScopeTests: `async with asyncio.timeout(s)` around suspension points (the C# template writes
# `using (Timeout(s)) { ... }`). At expiry the task is cancelled at its suspension point; leaving the scope turns that
# cancellation, and only that one, into TimeoutError; an outer cancel() stays a cancellation.
import asyncio
from _virtual_time import run


async def block(trace, name, delay, limit):
    try:
        async with asyncio.timeout(limit) as scope:
            trace.append(f"{name}: sleeps {delay}, deadline in {limit}")
            try:
                await asyncio.sleep(delay)
                trace.append(f"{name}: woke")
            finally:
                trace.append(f"{name}: inner finally, expired={scope.expired()}")
        trace.append(f"{name}: after the scope, expired={scope.expired()}")
    finally:
        trace.append(f"{name}: outer finally")


async def nested(trace, name, outer_limit, inner_limit, delay):
    async with asyncio.timeout(outer_limit) as outer:
        try:
            async with asyncio.timeout(inner_limit) as inner:
                await asyncio.sleep(delay)
        finally:
            trace.append(f"{name}: inner scope left, inner expired={inner.expired()}, outer expired={outer.expired()}")
        trace.append(f"{name}: between the scopes")
    trace.append(f"{name}: after both")


async def rescheduled(trace, name):
    loop = asyncio.get_running_loop()
    start = loop.time()
    async with asyncio.timeout(1) as scope:
        trace.append(f"{name}: deadline in {scope.when() - loop.time()}")
        await asyncio.sleep(0.5)
        scope.reschedule(loop.time() + 2)
        trace.append(f"{name}: moved to +{scope.when() - start}")
        await asyncio.sleep(1)
        trace.append(f"{name}: still running at +{loop.time() - start}")
        await asyncio.sleep(5)


async def at(trace, name):
    loop = asyncio.get_running_loop()
    async with asyncio.timeout_at(loop.time() + 0.75):
        await asyncio.sleep(3)


async def outcome(trace, name, coro_or_task):
    loop = asyncio.get_running_loop()
    start = loop.time()
    task = coro_or_task if isinstance(coro_or_task, asyncio.Task) else asyncio.create_task(coro_or_task)
    try:
        await task
        trace.append(f"{name}: completed at +{loop.time() - start}")
    except TimeoutError:
        trace.append(f"{name}: TimeoutError at +{loop.time() - start}, cancelling={task.cancelling()}")
    except asyncio.CancelledError:
        trace.append(f"{name}: cancelled at +{loop.time() - start}, cancelling={task.cancelling()}")


async def cancel_later(task, delay):
    await asyncio.sleep(delay)
    task.cancel()


async def main():
    trace = []
    await outcome(trace, "expires", block(trace, "expires", 10, 0.5))
    await outcome(trace, "left early", block(trace, "left early", 0.25, 1))
    await outcome(trace, "no deadline", block(trace, "no deadline", 0.25, None))

    # An outer cancel() inside the scope stays a cancellation.
    task = asyncio.create_task(block(trace, "outer cancel", 10, 5))
    asyncio.create_task(cancel_later(task, 1))
    await outcome(trace, "outer cancel", task)

    # The deadline and an outer cancel() in the same iteration: two requests, so the scope does not take it.
    task = asyncio.create_task(block(trace, "both", 10, 2))
    asyncio.get_running_loop().call_at(asyncio.get_running_loop().time() + 2, task.cancel)
    await outcome(trace, "both", task)

    await outcome(trace, "inner first", nested(trace, "inner first", 2, 1, 10))
    await outcome(trace, "outer first", nested(trace, "outer first", 1, 2, 10))
    await outcome(trace, "same deadline", nested(trace, "same deadline", 1, 1, 10))
    await outcome(trace, "rescheduled", rescheduled(trace, "rescheduled"))
    await outcome(trace, "timeout_at", at(trace, "timeout_at"))
    for line in trace:
        print(line)


run(main())
