import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** A progress bar: `tick` reports work done so far, `end` clears the bar. */
export interface Progress {
  tick(done: number): void;
  end(): void;
}

/** A progress bar that draws nothing, for when stderr is not a terminal. */
export const silentProgress: Progress = Object.freeze({ tick() {}, end() {} });

/** A progress bar on a terminal stream, redrawn at most ten times a second. */
export function terminalProgress(
  stream: { write(text: string): unknown; columns?: number },
  label: string,
  total: number,
): Progress {
  let last = 0;
  const draw = (done: number) => {
    const width = Math.max(10, Math.min(40, (stream.columns || 80) - label.length - 20));
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * width);
    stream.write(
      `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${done}/${total}`,
    );
  };
  return {
    tick(done) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done);
    },
    end() {
      stream.write('\r\u001b[2K');
    },
  };
}

/** Shows which step of a long run is under way. */
export interface PhaseDisplay {
  /** The step now running. */
  phase(label: string): void;
  /** Clears the display; nothing is drawn after it returns. */
  end(): void;
}

/** A phase display that draws nothing, for when stderr is not a terminal. */
export const silentPhases: PhaseDisplay = Object.freeze({ phase() {}, end() {} });

/**
 * The worker that draws the phase line. It runs on its own thread and writes straight to file
 * descriptor 2, so the clock keeps ticking while the main thread is busy in a long synchronous step
 * (validating a plan, partitioning). `state[0]` is a lock: 0 idle, 1 the worker is drawing, 2 stopped;
 * `state[1]` is 1 once something was drawn.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { state, start, after, columns } = workerData;
let label = '';
parentPort.on('message', (m) => { label = m; });
const timer = setInterval(() => {
  const seconds = (Date.now() - start) / 1000;
  if (label === '' || seconds * 1000 < after) return;
  if (Atomics.compareExchange(state, 0, 0, 1) !== 0) { clearInterval(timer); return; }
  const line = label + ' … ' + Math.floor(seconds) + ' s';
  try { writeSync(2, '\\r\\u001b[2K' + line.slice(0, Math.max(10, columns - 1))); } catch {}
  state[1] = 1;
  Atomics.store(state, 0, 0);
}, 200);
`;

/**
 * A phase display on the process's terminal (stderr): once the run has lasted `after` ms, a line
 * `wangge check: validating 6,039 grids … 12 s` appears and keeps its clock running, even while the main
 * thread is busy. @param after milliseconds before anything is drawn (`WANGGE_PROGRESS_AFTER_MS` overrides)
 */
export function terminalPhases(prefix: string, columns = 80, after = 2000): PhaseDisplay {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const requested = Number(process.env.WANGGE_PROGRESS_AFTER_MS ?? after);
  const delay = Number.isFinite(requested) ? requested : after;
  const start = Date.now();
  const worker = new Worker(WORKER, { eval: true, workerData: { state, start, after: delay, columns } });
  worker.unref();
  return {
    phase(label) {
      const line = `${prefix}: ${label}`;
      worker.postMessage(line);
      // Past the delay, the step is drawn at once from here (the worker may not have started yet);
      // the worker then keeps its clock running.
      const seconds = (Date.now() - start) / 1000;
      if (seconds * 1000 >= delay && Atomics.compareExchange(state, 0, 0, 1) === 0) {
        writeSync(
          2,
          `\r\u001b[2K${`${line} … ${Math.floor(seconds)} s`.slice(0, Math.max(10, columns - 1))}`,
        );
        state[1] = 1;
        Atomics.store(state, 0, 0);
      }
    },
    end() {
      while (Atomics.compareExchange(state, 0, 0, 2) === 1) {
        // the worker is drawing a frame: wait for it to finish
      }
      Atomics.store(state, 0, 2);
      if (state[1] === 1) writeSync(2, '\r\u001b[2K');
      void worker.terminate();
    },
  };
}

/** A phase display on any terminal-like stream: each phase drawn as it starts (for tests and hosts). */
export function streamPhases(stream: { write(text: string): unknown }, prefix: string): PhaseDisplay {
  let drawn = false;
  return {
    phase(label) {
      drawn = true;
      stream.write(`\r\u001b[2K${prefix}: ${label}`);
    },
    end() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
