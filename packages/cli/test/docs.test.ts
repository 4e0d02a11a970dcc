import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandHelp } from '../src/cli';
import { commands } from '../src/commands';

/** `docs/cli/<command>.md` holds each command's `--help` between these markers. */
const START =
  '<!-- help:start (regenerate: WANGGE_UPDATE_DOCS=1 npx vitest run packages/cli/test/docs.test.ts) -->';
const END = '<!-- help:end -->';
const update = process.env.WANGGE_UPDATE_DOCS === '1';

describe('docs/cli', () => {
  it.each(commands.map((c) => [c.name, c] as const))(
    'docs/cli/%s.md shows the current --help',
    async (name, entry) => {
      const command = await entry.load();
      const file = new URL(`../../../docs/cli/${name}.md`, import.meta.url);
      const page = readFileSync(file, 'utf8');
      const block = `${START}\n\n\`\`\`text\n$ wangge ${name} --help\n${commandHelp(command).trimEnd()}\n\`\`\`\n\n${END}`;
      const at = page.indexOf(START.slice(0, 20));
      const end = page.indexOf(END);
      expect(at, `docs/cli/${name}.md needs the help markers`).toBeGreaterThanOrEqual(0);
      const current = page.slice(at, end + END.length);
      if (update && current !== block) writeFileSync(file, page.replace(current, block));
      else expect(current).toBe(block);
    },
  );

  it('docs/cli/README.md links every command page', () => {
    const index = readFileSync(new URL('../../../docs/cli/README.md', import.meta.url), 'utf8');
    for (const c of commands) expect(index).toContain(`(${c.name}.md)`);
  });
});
