import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README', () => {
  it('runs its example, whose asserts check the results it shows', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = /```ts\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const source = example!.replace(
      "from '@wangge/assign'",
      `from '${new URL('../src/index.ts', import.meta.url).href}'`,
    );
    const file = new URL(`./readme-example-${process.pid}.tmp.ts`, import.meta.url);
    writeFileSync(file, source);
    const log = console.log;
    const lines: string[] = [];
    console.log = (line: string) => lines.push(line);
    try {
      await import(file.href);
    } finally {
      console.log = log;
      rmSync(file, { force: true });
    }
    expect(lines).toEqual(['2 rows, 0 unassigned', '3 rows, 1 unassigned']);
  });
});
