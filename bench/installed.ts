/**
 * The `wangge` command as an npm user has it: each `@wangge/*` package laid out the way `npm publish`
 * ships it (its `package.json` with `publishConfig` applied, so `exports` and `bin` point at `dist/`,
 * and its `dist/` copied), in a `node_modules` of its own beside links to the third-party dependencies
 * the workspace installed. Node then runs the built JavaScript (`dist/bin.js`) with no TypeScript
 * loader, and the worker threads start from the built `dist/locateWorker.js`. Needs `pnpm build` first.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  publishConfig?: Record<string, unknown>;
  bin?: Record<string, string>;
}

/** The workspace directory of each `@wangge/*` package, by name. */
function workspacePackages(): Map<string, string> {
  const found = new Map<string, string>();
  for (const parent of ['packages', 'examples', 'support']) {
    const dir = join(root, parent);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const manifest = join(dir, name, 'package.json');
      if (existsSync(manifest))
        found.set((JSON.parse(readFileSync(manifest, 'utf8')) as Manifest).name, join(dir, name));
    }
  }
  return found;
}

/** The latest modification time of any file under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * Lays out `@wangge/cli` and every `@wangge/*` package it depends on, as published, under `dir`;
 * returns the path of the installed bin (`node_modules/@wangge/cli/dist/bin.js`). Throws when a
 * package has not been built.
 */
export function installCli(dir: string): string {
  const packages = workspacePackages();
  const modules = join(dir, 'node_modules');
  const linked = new Set<string>();
  const done = new Set<string>();
  const install = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    const source = packages.get(name)!;
    const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as Manifest;
    if (!existsSync(join(source, 'dist')) || newest(join(source, 'src')) > newest(join(source, 'dist'))) {
      throw new Error(`${name} is not built or older than its sources: run pnpm build`);
    }
    const target = join(modules, name);
    mkdirSync(target, { recursive: true });
    cpSync(join(source, 'dist'), join(target, 'dist'), { recursive: true });
    const { publishConfig, ...rest } = manifest;
    writeFileSync(join(target, 'package.json'), JSON.stringify({ ...rest, ...publishConfig }, null, 2));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (packages.has(dependency)) {
        install(dependency);
      } else if (!linked.has(dependency)) {
        linked.add(dependency);
        const link = join(modules, dependency);
        mkdirSync(join(link, '..'), { recursive: true });
        symlinkSync(realpathSync(join(source, 'node_modules', dependency)), link, 'dir');
      }
    }
  };
  install('@wangge/cli');
  return join(modules, '@wangge/cli/dist/bin.js');
}
