# Twin of ExceptionTests.A_failure_unwinds_nested_coroutines_and_faults_the_task
import asyncio
from _virtual_time import run

async def leaf(trace):
    try:
        await asyncio.sleep(0.5)
        raise ValueError("bad value")
    finally:
        trace.append("leaf finally")

async def middle(trace):
    try:
        await leaf(trace)
        trace.append("middle after leaf (never)")
    finally:
        trace.append("middle finally")

async def main():
    trace = []
    t = asyncio.create_task(middle(trace))
    done, _ = await asyncio.wait([t])
    trace.append(f"task done={t.done()} cancelled={t.cancelled()} exception={type(t.exception()).__name__}({t.exception()})")
    for line in trace:
        print(line)

run(main())
