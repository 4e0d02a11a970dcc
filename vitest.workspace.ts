import { existsSync, readdirSync } from 'node:fs';

/**
 * The test projects: one per workspace package that has a `test/` folder. Vitest 5 no longer reads a
 * workspace file by itself, so `vitest.config.ts` imports this list as `test.projects`.
 */
export const projects = ['packages', 'examples'].flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => existsSync(`${dir}/${name}/test`))
    .sort()
    .map((name) => ({
      extends: true as const,
      test: { name, include: [`${dir}/${name}/test/**/*.test.ts`] },
    })),
);
