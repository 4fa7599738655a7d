"""The peer workloads of issue #7 on CPython's asyncio (uvloop when installed and asked for).

Called by `dotnet run -c Release --project benchmarks/Coroutines.Benchmarks -- peers` when python3 is on the PATH;
runnable alone:

    python3 benchmarks/peers/asyncio_peer.py switch --scale 0.1
    python3 benchmarks/peers/asyncio_peer.py sleepers --delays FILE     # one delay in seconds per line

Prints one JSON line: the median of --rounds timed runs (after one untimed warm-up run at a tenth of the size),
with the same checksums as the .NET implementations, and retained bytes per item measured with tracemalloc in a
separate, untimed pass (spawn: per finished task; sleepers: per sleeping coroutine).
"""

import argparse
import asyncio
import gc
import json
import random
import statistics
import sys
import time
import tracemalloc


class Counter:
    __slots__ = ("value",)

    def __init__(self):
        self.value = 0


# switch: coroutines x switches asyncio.sleep(0); checksum = switches done.
async def switcher(switches, counter):
    for _ in range(switches):
        counter.value += 1
        await asyncio.sleep(0)


async def switch(size):
    counter = Counter()
    await asyncio.gather(*(switcher(1_000, counter) for _ in range(size.coroutines)))
    return size.coroutines * 1_000, counter.value


# spawn: trivial tasks created and gathered; checksum = sum of their results.
async def trivial(i):
    return i


async def spawn(size):
    tasks = [asyncio.create_task(trivial(i)) for i in range(size.tasks)]
    results = await asyncio.gather(*tasks)
    return size.tasks, sum(results)


# sleepers: each sleeps its delay; checksum = how many woke. The overhead is reported separately.
async def sleeper(seconds, counter):
    await asyncio.sleep(seconds)
    counter.value += 1


async def sleepers(size):
    counter = Counter()
    await asyncio.gather(*(sleeper(d, counter) for d in size.delays))
    return len(size.delays), counter.value


# pingpong: messages through a queue of size 1; checksum = sum of the messages.
async def producer(queue, messages):
    for i in range(messages):
        await queue.put(i)


async def consumer(queue, messages):
    total = 0
    for _ in range(messages):
        total += await queue.get()
    return total


async def pingpong(size):
    queue = asyncio.Queue(maxsize=1)
    sending = asyncio.create_task(producer(queue, size.messages))
    total = await consumer(queue, size.messages)
    await sending
    return size.messages, total


# semaphore: tasks through a semaphore of 100, each yielding once inside; checksum = how many got through.
async def worker(semaphore, done):
    async with semaphore:
        await asyncio.sleep(0)
        done.value += 1


async def semaphore(size):
    sem = asyncio.Semaphore(100)
    done = Counter()
    await asyncio.gather(*(asyncio.create_task(worker(sem, done)) for _ in range(size.tasks)))
    return size.tasks, done.value


WORKLOADS = {"switch": switch, "spawn": spawn, "sleepers": sleepers, "pingpong": pingpong, "semaphore": semaphore}


class Size:
    """The workload sizes of PeerComparison, at a scale."""

    def __init__(self, name, scale, delays):
        self.coroutines = max(1, int(1_000 * scale))
        self.tasks = max(1, int((100_000 if name == "semaphore" else 1_000_000) * scale))
        self.messages = max(1, int(1_000_000 * scale))
        self.delays = delays


def timed(name, size, new_loop):
    loop = new_loop()
    try:
        gc.collect()
        started = time.perf_counter()
        ops, checksum = loop.run_until_complete(WORKLOADS[name](size))
        seconds = time.perf_counter() - started
    finally:
        loop.close()
    return ops, checksum, seconds


def retained_per_item(name, size, new_loop):
    """Bytes still held per finished task (spawn) or per sleeping coroutine (sleepers), from tracemalloc."""
    if name not in ("spawn", "sleepers"):
        return None
    loop = new_loop()
    count = min(size.tasks, 100_000) if name == "spawn" else len(size.delays)

    async def measure():
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        if name == "spawn":
            tasks = [asyncio.create_task(trivial(i)) for i in range(count)]
            await asyncio.gather(*tasks)
            gc.collect()
            held = tracemalloc.get_traced_memory()[0] - before - 8 * count  # the list's slots
        else:
            counter = Counter()
            tasks = [asyncio.create_task(sleeper(d + 3600, counter)) for d in size.delays]
            await asyncio.sleep(0)  # every sleeper has started and sleeps now
            gc.collect()
            held = tracemalloc.get_traced_memory()[0] - before - 8 * count
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        tracemalloc.stop()
        return held / count

    try:
        return loop.run_until_complete(measure())
    finally:
        loop.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workload", choices=sorted(WORKLOADS))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--delays", help="file with one delay in seconds per line (sleepers)")
    parser.add_argument("--uvloop", action="store_true", help="run on uvloop instead of asyncio's own loop")
    args = parser.parse_args()

    new_loop = asyncio.new_event_loop
    name = "asyncio (CPython %d.%d)" % sys.version_info[:2]
    if args.uvloop:
        import uvloop  # noqa: PLC0415 - optional

        new_loop = uvloop.new_event_loop
        name = "uvloop (CPython %d.%d)" % sys.version_info[:2]

    if args.delays:
        with open(args.delays, encoding="utf-8") as f:
            delays = [float(line) for line in f if line.strip()]
    else:
        rng = random.Random(42)
        delays = [rng.randint(0, 100) / 1000 for _ in range(max(1, int(100_000 * args.scale)))]

    size = Size(args.workload, args.scale, delays)
    warm_up = Size(args.workload, args.scale / 10, delays[: max(1, len(delays) // 10)])
    timed(args.workload, warm_up, new_loop)  # untimed: imports, allocator arenas

    runs = [timed(args.workload, size, new_loop) for _ in range(args.rounds)]
    ops, checksum, _ = runs[0]
    if any(r[1] != checksum for r in runs):
        raise SystemExit("checksums differ between rounds")
    seconds = statistics.median(r[2] for r in runs)
    result = {
        "name": name,
        "ops": ops,
        "seconds": seconds,
        "checksum": checksum,
        "per_item_bytes": retained_per_item(args.workload, size, new_loop),
    }
    if args.workload == "sleepers":
        result["extra_ms"] = (seconds - max(delays)) * 1000
    print(json.dumps(result))


if __name__ == "__main__":
    main()
