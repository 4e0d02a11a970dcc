/**
 * Point location spread over worker threads. The leaf index is written once into a SharedArrayBuffer
 * that every worker opens with `PolygonIndex.fromBuffer` (views on the same memory, nothing rebuilt);
 * points and answers travel through two more shared arrays. A job is cut into blocks that the calling
 * thread and the workers claim from one atomic counter, so a busy core simply takes fewer blocks, a
 * worker still starting takes none, and the calling thread never waits for a worker to boot. Every
 * block is answered by the same index rule, so the result is the same bit for bit whoever answers it.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PolygonIndex } from '@wangge/index';

/** Points per block claimed at a time: about a millisecond of work. */
export const BLOCK = 1 << 14;
/** Points one job can hold (the shared point and answer arrays are this long). */
export const JOB_POINTS = 1 << 18;

/** Slots of the shared control array. */
const GEN = 0; // job generation: workers sleep until it changes
const NEXT = 1; // next block to claim (absolute numbering, never reset)
const END = 2; // end (exclusive) of the current job's blocks
const BASE = 3; // first block of the current job
const COUNT = 4; // points in the current job
const DONE = 5; // blocks of the current job answered
const FAILED = 6; // set by a worker whose block threw
const STOP = 7; // set when the pool closes
const READY = 8; // workers that have opened the index
const WORKER_BLOCKS = 9; // blocks answered by workers, all jobs
const BUFFER = 10; // which of the two point / answer arrays the current job uses
const CONTROL_SLOTS = 11;

/** Milliseconds the calling thread waits for one claimed block before it gives up on the workers. */
const STALL_MS = 60_000;

/** What a worker is started with. */
export interface WorkerData {
  index: SharedArrayBuffer;
  control: SharedArrayBuffer;
  /** Two point arrays and two answer arrays: a job uses one pair while the caller fills the other. */
  xy: [SharedArrayBuffer, SharedArrayBuffer];
  out: [SharedArrayBuffer, SharedArrayBuffer];
}

/** The thread count `threads` asks for: `'auto'` is every core the process may use, at most 8. */
export function threadCount(threads: number | 'auto'): number {
  return threads === 'auto' ? Math.max(1, Math.min(8, availableParallelism())) : threads;
}

/**
 * Worker threads answering jobs of at most {@link JOB_POINTS} points on a shared copy of `index`, with
 * the calling thread taking blocks too (on its own `index`). A job runs on one of two pairs of shared
 * arrays, so the caller can fill the next job's points and read the last job's answers while the
 * workers answer this one ({@link begin}, then {@link finish}). Workers are unreferenced: they never
 * keep the process alive. If a worker fails, the pool answers everything on the calling thread from
 * then on.
 */
export class LocatePool {
  /** The two point arrays (lon, lat interleaved): fill one, then {@link begin} a job on it. */
  readonly xy: [Float64Array, Float64Array];
  /** The two answer arrays, by the same number. */
  readonly out: [Int32Array, Int32Array];
  private readonly control: Int32Array;
  private readonly workers: Worker[] = [];
  private broken = false;
  /** The job begun and not yet finished: its array pair and point count. */
  private running: { buffer: 0 | 1; n: number; blocks: number } | null = null;

  constructor(
    private readonly index: PolygonIndex,
    workerCount: number,
  ) {
    const source = new Uint8Array(index.toBuffer());
    const shared = new SharedArrayBuffer(source.byteLength);
    new Uint8Array(shared).set(source);
    const control = new SharedArrayBuffer(4 * CONTROL_SLOTS);
    const xy: WorkerData['xy'] = [
      new SharedArrayBuffer(16 * JOB_POINTS),
      new SharedArrayBuffer(16 * JOB_POINTS),
    ];
    const out: WorkerData['out'] = [
      new SharedArrayBuffer(4 * JOB_POINTS),
      new SharedArrayBuffer(4 * JOB_POINTS),
    ];
    this.control = new Int32Array(control);
    this.xy = [new Float64Array(xy[0]), new Float64Array(xy[1])];
    this.out = [new Int32Array(out[0]), new Int32Array(out[1])];
    const data: WorkerData = { index: shared, control, xy, out };
    const script = workerScript();
    for (let w = 0; w < workerCount; w++) {
      const worker = new Worker(script, { workerData: data, eval: typeof script === 'string' });
      worker.unref();
      // A worker that fails to start or dies marks the pool broken; answers already given stay right.
      worker.on('error', () => {
        this.broken = true;
      });
      this.workers.push(worker);
    }
  }

  /**
   * Starts a job on the first `n` points of `xy[buffer]` (answers into `out[buffer]`) and returns at
   * once; the workers answer it while the caller does other work, then {@link finish} joins in.
   */
  begin(buffer: 0 | 1, n: number): void {
    if (this.running !== null) throw new Error('internal: a locate job is already running');
    const blocks = Math.ceil(n / BLOCK);
    this.running = { buffer, n, blocks };
    if (this.broken || n <= BLOCK) return;
    const c = this.control;
    const base = Atomics.load(c, NEXT);
    Atomics.store(c, DONE, 0);
    Atomics.store(c, BUFFER, buffer);
    Atomics.store(c, BASE, base);
    Atomics.store(c, COUNT, n);
    Atomics.store(c, END, base + blocks);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
  }

  /** Answers what is left of the job begun (on the calling thread too) and returns when it is done. */
  finish(): void {
    const job = this.running;
    if (job === null) throw new Error('internal: no locate job is running');
    this.running = null;
    const { buffer, n, blocks } = job;
    const xy = this.xy[buffer];
    const out = this.out[buffer];
    if (this.broken || n <= BLOCK) {
      this.index.locateMany(xy.subarray(0, 2 * n), out.subarray(0, n));
      return;
    }
    const c = this.control;
    answerBlocks(c, this.index, this.xy, this.out, false);
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done === blocks) break;
      if (Atomics.wait(c, DONE, done, STALL_MS) === 'timed-out' && Atomics.load(c, DONE) === done) {
        this.broken = true;
        break;
      }
    }
    if (this.broken || Atomics.load(c, FAILED) !== 0) {
      // Never hand out a half-answered job: answer it all here.
      this.broken = true;
      this.index.locateMany(xy.subarray(0, 2 * n), out.subarray(0, n));
    }
  }

  /** Workers running, and blocks they have answered so far (the calling thread answers the rest). */
  stats(): { ready: number; workerBlocks: number } {
    return {
      ready: Atomics.load(this.control, READY),
      workerBlocks: Atomics.load(this.control, WORKER_BLOCKS),
    };
  }

  /** Stops the workers. */
  close(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GEN, 1);
    Atomics.notify(this.control, GEN);
    for (const worker of this.workers) void worker.terminate();
  }
}

/**
 * Claims and answers blocks of the current job until none is left (on the calling thread and in every
 * worker alike). A claim succeeds only below the `END` the claimer read, and a new job starts only when
 * every block of the last one is answered, so a block is answered once, with the data of its own job.
 */
export function answerBlocks(
  c: Int32Array,
  index: PolygonIndex,
  xys: readonly Float64Array[],
  outs: readonly Int32Array[],
  isWorker: boolean,
): void {
  const end = Atomics.load(c, END);
  const xy = xys[Atomics.load(c, BUFFER)];
  const out = outs[Atomics.load(c, BUFFER)];
  for (;;) {
    const b = Atomics.load(c, NEXT);
    if (b >= end) return;
    if (Atomics.compareExchange(c, NEXT, b, b + 1) !== b) continue;
    const from = (b - Atomics.load(c, BASE)) * BLOCK;
    const to = Math.min(Atomics.load(c, COUNT), from + BLOCK);
    try {
      index.locateMany(xy.subarray(2 * from, 2 * to), out.subarray(from, to));
    } catch {
      Atomics.store(c, FAILED, 1);
    }
    if (isWorker) Atomics.add(c, WORKER_BLOCKS, 1);
    Atomics.add(c, DONE, 1);
    Atomics.notify(c, DONE);
  }
}

/**
 * The worker side: answers every job until the pool closes, sleeping on the generation counter in
 * between (it never returns to its event loop, so it needs no messages).
 */
export function serveJobs(index: PolygonIndex, data: WorkerData): void {
  const c = new Int32Array(data.control);
  const xy = data.xy.map((b) => new Float64Array(b));
  const out = data.out.map((b) => new Int32Array(b));
  Atomics.add(c, READY, 1);
  let seen = Atomics.load(c, GEN);
  for (;;) {
    answerBlocks(c, index, xy, out, true);
    Atomics.wait(c, GEN, seen);
    seen = Atomics.load(c, GEN);
    if (Atomics.load(c, STOP) !== 0) return;
  }
}

/**
 * The worker's script beside this module: `locateWorker.js` (or `.cjs`) in a build; when running from
 * source (the workspace, tests) a two-line script that registers tsx's loader in the worker, then
 * imports `locateWorker.ts`.
 */
function workerScript(): URL | string {
  const here = import.meta.url;
  const ext = /\.[cm]?[jt]s$/.exec(here)?.[0] ?? '.js';
  const url = new URL(`./locateWorker${ext}`, here);
  if (!ext.endsWith('ts')) return url;
  // tsx's ESM API (its `register()` hooks this thread's loader); `require.resolve` names the .cjs twin.
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
}
