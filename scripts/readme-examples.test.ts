/**
 * Every package README's first TypeScript example must run as written: each is extracted into .out/ and run
 * with tsx, from the workspace root so `@wangge/*` imports resolve to the workspace packages.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readmes = ['packages', 'examples', 'support']
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(dir, name, 'README.md')))
  .filter((path) => existsSync(join(root, path)))
  .sort();

describe('README examples', () => {
  it('finds the package READMEs', () => {
    expect(readmes.length).toBeGreaterThan(1);
  });

  it.each(readmes)('%s: the first ts example runs', (readme) => {
    const text = readFileSync(join(root, readme), 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(text)?.[1];
    expect(example, `${readme} has no \`\`\`ts example`).toBeDefined();
    mkdirSync(join(root, '.out'), { recursive: true });
    const file = join(root, '.out', `readme-${readme.split('/')[1]}.ts`);
    writeFileSync(file, example!);
    execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: 'pipe', timeout: 120_000 });
  });
});
