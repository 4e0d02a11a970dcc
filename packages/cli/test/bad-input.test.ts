import { createHash } from 'node:crypto';
import {
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BadCase, inputsSacred, silentAnswers, sizes, unwritable } from './bad-input/cases';
import { badRows, crashes, messages, usage } from './bad-input/cases-files';
import { baseFiles } from './bad-input/fixtures';
import { type Run, runInProcess, tempDir, wangge } from './helpers';

/** Every file under `dir` with the hash of its bytes (links followed). */
function hashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** A folder with the usual files and the case's own. */
function caseFolder(c: BadCase): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries({ ...baseFiles(), ...c.files })) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof content === 'object' && 'link' in content) linkSync(join(dir, content.link), path);
    else if (typeof content === 'object' && 'symlink' in content)
      symlinkSync(join(dir, content.symlink), path);
    else writeFileSync(path, content);
  }
  return dir;
}

const STACK = /\n\s+at .+:\d+:\d+\)?\n/;

/** Runs a case (in process, or through the real binary) and checks everything the issue asks of it. */
async function runCase(c: BadCase, binary = false): Promise<Run> {
  const dir = caseFolder(c);
  const at = (name: string) => join(dir, name);
  const expand = (text: string) => text.replace(/@([\w./-]+)/g, (_, name: string) => at(name));
  const before = hashes(dir);
  const args = c.args.map(expand);
  const started = performance.now();
  const run = binary ? await wangge(args, { stdin: c.stdin }) : await runInProcess(args, { stdin: c.stdin });
  const seconds = (performance.now() - started) / 1000;
  const said = `${run.stderr}\n${run.stdout}`;
  const context = `${c.name}\n$ wangge ${args.join(' ')}\n--- stderr\n${run.stderr}\n--- stdout\n${run.stdout.slice(0, 2000)}`;
  expect(run.status, context).toBe(c.status);
  for (const text of c.names ?? []) expect(said, context).toContain(expand(text));
  for (const text of c.absent ?? []) expect(said, context).not.toContain(text);
  if (c.status === 2) {
    expect(run.stderr, context).not.toMatch(STACK);
    expect(run.stderr, context).not.toContain('internal error');
  }
  // Every input byte-identical afterwards, and no temporary file left behind.
  const after = hashes(dir);
  for (const [path, hash] of before) expect(after.get(path), `${path} changed: ${context}`).toBe(hash);
  expect(
    [...after.keys()].filter((p) => p.includes('.wangge-')),
    context,
  ).toEqual([]);
  c.check?.(run, at);
  expect(seconds, context).toBeLessThan(60);
  return run;
}

const groups: Array<[string, BadCase[]]> = [
  ['inputs are sacred', inputsSacred],
  ['unwritable outputs', unwritable],
  ['nothing passes silently', silentAnswers],
  ['sizes checked up front', sizes],
  ['crashes', crashes],
  ['messages', messages],
  ['bad rows', badRows],
  ['usage', usage],
];

describe('bad input: every kind gets the right exit code, names the file and the feature, and leaves the inputs alone', () => {
  it('covers at least 60 kinds of bad input', () => {
    expect(groups.flatMap(([, cases]) => cases).length).toBeGreaterThanOrEqual(60);
  });
  for (const [group, cases] of groups) {
    describe(group, () => {
      for (const c of cases) it(c.name, () => runCase(c).then(() => undefined));
    });
  }
});

describe.concurrent('bad input through the real binary', () => {
  // Every case again through `bin/wangge.js` in its own process: the same answers, no stack trace
  // (about a minute on two cores).
  const picks = groups.flatMap(([, cases]) => cases);
  for (const c of picks) it(c.name, () => runCase(c, true).then(() => undefined));
});
