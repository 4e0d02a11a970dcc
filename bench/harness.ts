/**
 * Shared benchmark tooling: seeded data comes from `@wangge/example-city`; this file times, keeps a sink
 * so work is not optimised away, and writes results as markdown tables stamped with machine and Node version.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { GridFeature } from '@wangge/core';
import type { ExampleCity } from '@wangge/example-city';

/** Timing of one contender on one data set. */
export interface Timing {
  /** Fastest repetition, milliseconds. */
  min: number;
  /** Median repetition, milliseconds. */
  median: number;
}

/** Options of {@link time}. */
export interface TimeOptions {
  /** Untimed runs first, to let the JIT settle. @default 1 */
  warmup?: number;
  /** Timed runs. @default 5 */
  repetitions?: number;
}

let sinkValue = 0;

/** Feeds a result into a sink the optimiser cannot see through; returns the running sink. */
export function sink(value: number): number {
  sinkValue = (sinkValue + value) | 0;
  return sinkValue;
}

/** Times `run` (which returns a number for the sink): warm-up, then repetitions, min and median. */
export function time(run: () => number, options: TimeOptions = {}): Timing {
  const { warmup = 1, repetitions = 5 } = options;
  for (let i = 0; i < warmup; i++) sink(run());
  const samples: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const start = performance.now();
    sink(run());
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { min: samples[0], median: samples[Math.floor(samples.length / 2)] };
}

/** CPU time of one contender: milliseconds of this process (`process.cpuUsage`), median and range. */
export interface CpuTiming {
  median: number;
  min: number;
  max: number;
}

/**
 * CPU ms of `run` (which returns a number for the sink): `warmup` untimed runs, then `repetitions` timed
 * ones. CPU time of this process, so other jobs on a shared machine count less than in wall time.
 */
export function cpuTime(run: () => number, repetitions: number, warmup = 0): CpuTiming {
  for (let i = 0; i < warmup; i++) sink(run());
  const samples: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const start = process.cpuUsage();
    sink(run());
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples.at(-1)! };
}

/** A CPU timing as `median (min–max)` in whole milliseconds. */
export function formatCpu(t: CpuTiming): string {
  return `${t.median.toFixed(0)} (${t.min.toFixed(0)}–${t.max.toFixed(0)})`;
}

/** Heap in use after a full collection, in MiB (needs `node --expose-gc`; otherwise without the collection). */
export function heapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** A markdown table from a header row and data rows. */
export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The 1, 5 and 15 minute load averages now, as `a / b / c (1 / 5 / 15 min)`, for a results file's heading. */
export function loadLine(): string {
  const [a, b, c] = loadavg().map((v) => v.toFixed(1));
  return `${a} / ${b} / ${c} (1 / 5 / 15 min)`;
}

/** The machine a result was measured on, for the heading of every results file. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Writes `bench/results/<name>.md` with a title, the machine line and the body; prints the body too. */
export function writeResults(name: string, title: string, body: string): void {
  const text = `# ${title}\n\nMeasured on ${machineLine()}, ${new Date().toISOString().slice(0, 10)}.\n\n${body}\n`;
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./results/${name}.md`, import.meta.url), text);
  console.log(text);
}

/** Formats a count per second, e.g. `12.3 M/s`. */
export function perSecond(count: number, ms: number): string {
  const rate = (count / ms) * 1000;
  return rate >= 1e6
    ? `${(rate / 1e6).toFixed(1)} M/s`
    : rate >= 1e3
      ? `${(rate / 1e3).toFixed(1)} k/s`
      : `${rate.toFixed(0)}/s`;
}

/**
 * The realistic plan of an example city: street → communities → every compound as a level-3 grid
 * (coded `<community><n>`), as assign.bench and cli.bench use it.
 */
export function compoundGrids(city: ExampleCity): GridFeature[] {
  const seen = new Map<string, number>();
  return city.compounds.map((c): GridFeature => {
    const n = (seen.get(c.properties.community) ?? 0) + 1;
    seen.set(c.properties.community, n);
    return {
      type: 'Feature',
      properties: { code: `${c.properties.community}${n}`, parent: c.properties.community, level: 3 },
      geometry: c.geometry,
    };
  });
}
