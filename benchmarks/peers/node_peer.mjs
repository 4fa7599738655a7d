// The peer workloads of issue #7 on Node's event loop with async/await.
//
// Called by `dotnet run -c Release --project benchmarks/Coroutines.Benchmarks -- peers` when node is on the PATH;
// runnable alone (--expose-gc lets it measure retained bytes):
//
//     node --expose-gc benchmarks/peers/node_peer.mjs switch --scale 0.1
//     node --expose-gc benchmarks/peers/node_peer.mjs sleepers --delays FILE   # one delay in seconds per line
//
// Node has no asyncio-style queue or semaphore, so the minimal promise-based ones below stand in (FIFO waiters, no
// cancellation). Giving way is `await` on setImmediate (a macrotask, as asyncio.sleep(0) is a loop iteration).
// Prints one JSON line: the median of --rounds timed runs after one untimed warm-up at a tenth of the size, with the
// same checksums as the .NET implementations.

import { readFileSync } from 'node:fs';
import { setTimeout as setTimeoutCallback } from 'node:timers';
import { setImmediate as giveWay, setTimeout as sleep } from 'node:timers/promises';

class Counter {
  value = 0;
}

class BoundedQueue {
  #items = [];
  #getters = [];
  #putters = [];

  constructor(maxSize) {
    this.maxSize = maxSize;
  }

  async put(item) {
    while (this.#items.length >= this.maxSize) {
      await new Promise((resolve) => this.#putters.push(resolve));
    }
    this.#items.push(item);
    this.#getters.shift()?.();
  }

  async get() {
    while (this.#items.length === 0) {
      await new Promise((resolve) => this.#getters.push(resolve));
    }
    const item = this.#items.shift();
    this.#putters.shift()?.();
    return item;
  }
}

class Semaphore {
  #waiters = [];

  constructor(value) {
    this.value = value;
  }

  async acquire() {
    if (this.value > 0 && this.#waiters.length === 0) {
      this.value--;
      return;
    }
    await new Promise((resolve) => this.#waiters.push(resolve));
  }

  release() {
    const next = this.#waiters.shift();
    if (next) {
      next(); // the unit passes straight to the next waiter
    } else {
      this.value++;
    }
  }
}

async function switcher(switches, counter) {
  for (let i = 0; i < switches; i++) {
    counter.value++;
    await giveWay();
  }
}

async function trivial(i) {
  await null; // runs after its creator, as a scheduled task does
  return i;
}

async function sleeper(seconds, counter) {
  await sleep(seconds * 1000);
  counter.value++;
}

async function producer(queue, messages) {
  for (let i = 0; i < messages; i++) {
    await queue.put(i);
  }
}

async function consumer(queue, messages) {
  let total = 0;
  for (let i = 0; i < messages; i++) {
    total += await queue.get();
  }
  return total;
}

async function worker(semaphore, done) {
  await semaphore.acquire();
  try {
    await giveWay();
    done.value++;
  } finally {
    semaphore.release();
  }
}

const workloads = {
  async switch(size) {
    const counter = new Counter();
    await Promise.all(Array.from({ length: size.coroutines }, () => switcher(1000, counter)));
    return [size.coroutines * 1000, counter.value];
  },
  async spawn(size) {
    const tasks = new Array(size.tasks);
    for (let i = 0; i < size.tasks; i++) tasks[i] = trivial(i);
    const results = await Promise.all(tasks);
    return [size.tasks, results.reduce((a, b) => a + b, 0)];
  },
  async sleepers(size) {
    const counter = new Counter();
    await Promise.all(size.delays.map((d) => sleeper(d, counter)));
    return [size.delays.length, counter.value];
  },
  async pingpong(size) {
    const queue = new BoundedQueue(1);
    const sending = producer(queue, size.messages);
    const total = await consumer(queue, size.messages);
    await sending;
    return [size.messages, total];
  },
  async semaphore(size) {
    const semaphore = new Semaphore(100);
    const done = new Counter();
    await Promise.all(Array.from({ length: size.tasks }, () => worker(semaphore, done)));
    return [size.tasks, done.value];
  },
};

function sizeOf(name, scale, delays) {
  return {
    coroutines: Math.max(1, Math.floor(1000 * scale)),
    tasks: Math.max(1, Math.floor((name === 'semaphore' ? 100_000 : 1_000_000) * scale)),
    messages: Math.max(1, Math.floor(1_000_000 * scale)),
    delays,
  };
}

async function timed(name, size) {
  globalThis.gc?.();
  const started = process.hrtime.bigint();
  const [ops, checksum] = await workloads[name](size);
  return { ops, checksum, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

// Bytes still held per finished task (spawn) or per sleeping coroutine (sleepers); needs --expose-gc.
async function retainedPerItem(name, size) {
  if (!globalThis.gc || (name !== 'spawn' && name !== 'sleepers')) return null;
  const count = name === 'spawn' ? Math.min(size.tasks, 100_000) : size.delays.length;
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  let held;
  if (name === 'spawn') {
    const tasks = new Array(count);
    for (let i = 0; i < count; i++) tasks[i] = trivial(i);
    await Promise.all(tasks);
    globalThis.gc();
    held = process.memoryUsage().heapUsed - before - 8 * count; // the array's slots
    tasks.length = 0;
  } else {
    const timers = [];
    const asleep = (ms) => new Promise((resolve) => timers.push(setTimeoutCallback(resolve, ms)));
    const counter = new Counter();
    size.delays.forEach((d) => (async () => {
      await asleep(d * 1000 + 3_600_000);
      counter.value++;
    })());
    await giveWay(); // every sleeper has started and sleeps now
    globalThis.gc();
    held = process.memoryUsage().heapUsed - before - 8 * count; // the timers array's slots
    timers.forEach(clearTimeout); // the sleepers never resume; they are collected
  }
  return held / count;
}

function parse(argv) {
  const args = { workload: argv[0], scale: 1, rounds: 3, delays: null };
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '--scale') args.scale = Number(argv[++i]);
    else if (argv[i] === '--rounds') args.rounds = Number(argv[++i]);
    else if (argv[i] === '--delays') args.delays = argv[++i];
  }
  if (!(args.workload in workloads)) {
    console.error(`usage: node node_peer.mjs {${Object.keys(workloads).join('|')}} [--scale F] [--rounds N] [--delays FILE]`);
    process.exit(2);
  }
  return args;
}

const args = parse(process.argv.slice(2));
const delays = args.delays
  ? readFileSync(args.delays, 'utf8').split('\n').filter((l) => l.trim()).map(Number)
  : Array.from({ length: Math.max(1, Math.floor(100_000 * args.scale)) }, (_, i) => ((i * 7919) % 101) / 1000);
const size = sizeOf(args.workload, args.scale, delays);
await timed(args.workload, sizeOf(args.workload, args.scale / 10, delays.slice(0, Math.max(1, delays.length / 10))));

const runs = [];
for (let i = 0; i < args.rounds; i++) runs.push(await timed(args.workload, size));
if (runs.some((r) => r.checksum !== runs[0].checksum)) throw new Error('checksums differ between rounds');
const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
const result = {
  name: `Node ${process.version} async/await`,
  ops: runs[0].ops,
  seconds,
  checksum: runs[0].checksum,
  per_item_bytes: await retainedPerItem(args.workload, size),
};
if (args.workload === 'sleepers') result.extra_ms = (seconds - delays.reduce((a, b) => Math.max(a, b), 0)) * 1000;
console.log(JSON.stringify(result));
