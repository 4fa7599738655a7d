# Twin of BarrierTests.Barrier_releases_parties_together_cycle_after_cycle_and_late_arrivals_wait_for_the_next
import asyncio
from _virtual_time import run

async def party(name, barrier, delay, rounds, trace):
    for r in range(rounds):
        await asyncio.sleep(delay)
        trace.append(f"{name} arrives for round {r} (waiting={barrier.n_waiting})")
        index = await barrier.wait()
        trace.append(f"{name} passes round {r} with index {index}")

async def main():
    trace = []
    barrier = asyncio.Barrier(3)
    tasks = [asyncio.create_task(party(n, barrier, d, 2, trace)) for n, d in (("a", 0.3), ("b", 0.1), ("c", 0.2))]
    for t in tasks:
        await t
    trace.append(f"end waiting={barrier.n_waiting} broken={barrier.broken} parties={barrier.parties}")
    for line in trace:
        print(line)

run(main())
