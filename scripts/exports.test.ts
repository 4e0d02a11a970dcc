/**
 * Typed errors from every public function: every export of every package (functions, classes, and the
 * methods of exported objects such as `WGS84`) is called with `null`, `undefined`, wrong
 * types and empty arrays. A call may return (many accept defaults or say `false`), but when it throws it
 * must throw a `WanggeError` with one of the stable codes: never a TypeError or RangeError from deep inside.
 *
 * Runs in a temporary working directory, so that a call which happens to write a file writes it there.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, WanggeError } from '@wangge/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages')).sort();

/** The bad argument lists every export is called with. */
const BAD_ARGUMENTS: unknown[][] = [
  [],
  [null],
  [undefined],
  [null, null],
  [undefined, null],
  [42],
  [Number.NaN],
  ['x'],
  [''],
  [true],
  [[]],
  [[], []],
  [{}],
  [{}, {}],
  [[], null],
  [{}, 'x'],
  [[null]],
  [[{}]],
  [{ type: 'FeatureCollection', features: null }],
  [{ type: 'Feature', geometry: null, properties: null }],
  [{ type: 'Polygon', coordinates: [[]] }],
  [{ xy: new Float64Array(3) }],
  [new Float64Array(0)],
  [() => undefined],
];

const CODES = new Set<string>(Object.values(ErrorCode));

/** What a call did: returned, threw a WanggeError with a known code, or threw something else. */
async function outcome(call: () => unknown): Promise<string | undefined> {
  try {
    const result = call();
    if (result instanceof Promise) await result;
    return undefined;
  } catch (error) {
    if (error instanceof WanggeError && CODES.has(error.code)) return undefined;
    const e = error as Error;
    return `${e?.name ?? typeof error}: ${String(e?.message ?? error)
      .split('\n')[0]
      .slice(0, 160)}`;
  }
}

function describeArgs(args: unknown[]): string {
  return `(${args
    .map((a) =>
      a instanceof Float64Array
        ? `Float64Array(${a.length})`
        : typeof a === 'function'
          ? 'fn'
          : (JSON.stringify(a) ?? String(a)),
    )
    .join(', ')})`;
}

/** Every callable an export offers: itself (function or class), or the function members of an object. */
function callables(name: string, value: unknown): Array<[string, (args: unknown[]) => unknown]> {
  if (typeof value === 'function') {
    const isClass = /^class\b/.test(Function.prototype.toString.call(value));
    const f = value as (...args: unknown[]) => unknown;
    const statics = isClass
      ? Object.getOwnPropertyNames(value)
          .filter((key) => !['length', 'name', 'prototype'].includes(key))
          .filter((key) => typeof (value as unknown as Record<string, unknown>)[key] === 'function')
          .map((key): [string, (args: unknown[]) => unknown] => [
            `${name}.${key}`,
            (args) => (value as unknown as Record<string, (...a: unknown[]) => unknown>)[key](...args),
          ])
      : [];
    return [[name, isClass ? (args) => Reflect.construct(f, args) : (args) => f(...args)], ...statics];
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value)
      .filter(([, member]) => typeof member === 'function')
      .map(([key, member]) => [
        `${name}.${key}`,
        (args: unknown[]) => (member as (...a: unknown[]) => unknown).apply(value, args),
      ]);
  }
  return [];
}

let cwd: string;
beforeAll(() => {
  cwd = process.cwd();
  process.chdir(mkdtempSync(join(tmpdir(), 'wangge-exports-')));
});
afterAll(() => {
  process.chdir(cwd);
});

describe('every export throws a WanggeError with a code on bad arguments, never a TypeError', () => {
  for (const pkg of packages) {
    it(`@wangge/${pkg}`, async () => {
      const module = (await import(join(root, 'packages', pkg, 'src', 'index.ts'))) as Record<
        string,
        unknown
      >;
      const failures: string[] = [];
      for (const [name, value] of Object.entries(module)) {
        for (const [label, call] of callables(name, value)) {
          for (const args of BAD_ARGUMENTS) {
            const problem = await outcome(() => call(args));
            if (problem !== undefined) failures.push(`${label}${describeArgs(args)} → ${problem}`);
          }
        }
      }
      expect(failures).toEqual([]);
    }, 120_000);
  }
});
