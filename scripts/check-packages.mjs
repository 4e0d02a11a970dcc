// Packs every library package the way pnpm publishes it (publishConfig applied) and checks the tarball
// with publint (strict) and are-the-types-wrong. Run after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });
for (const name of readdirSync('packages').sort()) {
  const dir = join('packages', name);
  const out = mkdtempSync(join(tmpdir(), `wangge-${name}-`));
  execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: 'ignore' });
  const [tarball] = readdirSync(out).filter((f) => f.endsWith('.tgz'));
  console.log(`\n== @wangge/${name}`);
  run(bin('publint'), ['--strict', join(out, tarball)], dir);
  run(bin('attw'), ['--format', 'table-flipped', join(out, tarball)], dir);
}
