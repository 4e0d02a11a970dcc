import { existsSync, readdirSync } from 'node:fs';

/**
 * The test projects: one per workspace package that has a `test/` folder, plus `repo` for checks over the
 * whole repository (scripts/*.test.ts). Vitest 5 no longer reads a workspace file by itself, so
 * `vitest.config.ts` imports this list as `test.projects`.
 */
const packageProjects = ['packages', 'examples', 'support'].flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => existsSync(`${dir}/${name}/test`))
    .sort()
    .map((name) => ({
      extends: true as const,
      test: { name, include: [`${dir}/${name}/test/**/*.test.ts`] },
    })),
);

export const projects = [
  ...packageProjects,
  { extends: true as const, test: { name: 'repo', include: ['scripts/**/*.test.ts'] } },
];
