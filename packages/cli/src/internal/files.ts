/**
 * The one module that writes files for the CLI. Before any work, every output of a run is compared with
 * every input (real path and inode, so symbolic and hard links count) and with the other outputs, and a
 * temporary file is created beside it to prove the folder writable; a match or an unwritable folder stops
 * the run with `UNWRITABLE_OUTPUT` (exit 2) before anything is read or computed. Each output is then
 * written to its temporary file and renamed over the target, so an interrupted run never leaves a
 * half-written file and never touches an input.
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  openSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ErrorCode, WanggeError } from '@wangge/core';

/** An output file of a run, as the user named it and as it resolves on disk. */
interface Reserved {
  /** The name as given on the command line. */
  name: string;
  /** The target's absolute path (the folder's real path joined with the file name). */
  target: string;
  /** The temporary file beside the target, or `undefined` when the target is a device or pipe. */
  temp: string | undefined;
}

/** An input file's identity on disk. */
interface Identity {
  name: string;
  real: string;
  dev: number;
  ino: number;
}

function unwritable(name: string, reason: string, after = 'nothing was written'): WanggeError {
  return new WanggeError(ErrorCode.UNWRITABLE_OUTPUT, `${reason}; ${after}`, { file: name });
}

function identityOf(name: string): Identity | undefined {
  try {
    const stats = statSync(name);
    return { name, real: realpathSync(name), dev: stats.dev, ino: stats.ino };
  } catch {
    return undefined; // a missing input is the reader's to report
  }
}

/** The companion files of a Shapefile, which are inputs too when the `.shp` is. */
function siblingsOf(file: string): string[] {
  if (!/\.shp$/i.test(file)) return [];
  const base = file.slice(0, -4);
  return ['dbf', 'shx', 'prj', 'cpg', 'DBF', 'SHX', 'PRJ', 'CPG'].map((ext) => `${base}.${ext}`);
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied in its folder',
  EPERM: 'permission denied in its folder',
  EROFS: 'its folder is on a read-only file system',
  ENOENT: 'its folder does not accept new files',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * The outputs of one run, reserved up front (see the module comment). `write` puts each in place;
 * `discard` removes the temporary files of those not written (call it in a `finally`).
 */
export class OutputFiles {
  private readonly reserved = new Map<string, Reserved>();
  private counter = 0;

  /**
   * Reserves `outputs` (`-` is stdout and is left alone) against `inputs`. Throws `UNWRITABLE_OUTPUT`
   * naming the file when an output is also an input, is named twice, is a folder, or cannot be created;
   * nothing is left behind when it throws.
   */
  static reserve(inputs: readonly string[], outputs: readonly string[]): OutputFiles {
    const files = new OutputFiles();
    try {
      files.reserveAll(inputs, outputs);
    } catch (error) {
      files.discard();
      throw error;
    }
    return files;
  }

  private reserveAll(inputs: readonly string[], outputs: readonly string[]): void {
    const identities = inputs
      .filter((f) => f !== '-')
      .flatMap((f) => [f, ...siblingsOf(f)])
      .map(identityOf)
      .filter((i) => i !== undefined);
    let stdout: string | undefined;
    for (const name of outputs) {
      if (name === '-') {
        if (stdout !== undefined) throw unwritable(name, 'two outputs both go to stdout (-)');
        stdout = name;
        continue;
      }
      if (name.trim() === '') throw unwritable(JSON.stringify(name), 'an empty file name');
      const folder = dirname(resolve(name));
      let realFolder: string;
      try {
        realFolder = realpathSync(folder);
      } catch {
        throw unwritable(name, `the folder ${folder} does not exist: create it first`);
      }
      if (!statSync(realFolder).isDirectory()) throw unwritable(name, `${folder} is not a folder`);
      const target = join(realFolder, basename(name));
      let stats: Stats | undefined;
      try {
        stats = statSync(target);
      } catch {
        stats = undefined;
      }
      if (stats?.isDirectory()) throw unwritable(name, 'is a folder: name a file');
      const real = stats === undefined ? target : realpathSync(target);
      const input = identities.find(
        (i) => i.real === real || (stats !== undefined && i.dev === stats.dev && i.ino === stats.ino),
      );
      if (input !== undefined) {
        throw unwritable(
          name,
          `is also an input (${input.name}); wangge never overwrites an input: name another output file`,
        );
      }
      const twice = [...this.reserved.values()].find((r) => r.target === real);
      if (twice !== undefined) throw unwritable(name, `is named twice as an output (also as ${twice.name})`);
      // Devices and pipes (/dev/null, /dev/stdout, a fifo) are written in place: they cannot be renamed over.
      const temp = stats !== undefined && !stats.isFile() ? undefined : this.createTemp(name, realFolder);
      if (temp === undefined) this.checkWritable(name, real);
      this.reserved.set(name, { name, target: real, temp });
    }
  }

  private createTemp(name: string, folder: string): string {
    const temp = join(folder, `.${basename(name)}.wangge-${process.pid}-${this.counter++}.tmp`);
    try {
      closeSync(openSync(temp, 'wx', 0o644));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      throw unwritable(name, REASONS[code] ?? `cannot create a file there (${code || String(error)})`);
    }
    return temp;
  }

  private checkWritable(name: string, target: string): void {
    try {
      closeSync(openSync(target, 'a'));
    } catch (error) {
      throw unwritable(name, `cannot be opened for writing (${(error as NodeJS.ErrnoException).code})`);
    }
  }

  /** True when `name` was reserved (or is `-`). */
  has(name: string): boolean {
    return name === '-' || this.reserved.has(name);
  }

  /**
   * Writes a reserved output: the text goes to the temporary file, which is then renamed over the
   * target (the existing file's permissions are kept). Throws `UNWRITABLE_OUTPUT` when the disk fails.
   */
  write(name: string, data: string | Uint8Array): void {
    const r = this.reserved.get(name);
    if (r === undefined) throw new Error(`internal: output ${name} was not reserved before the run`);
    try {
      if (r.temp === undefined) {
        writeFileSync(r.target, data);
        return;
      }
      writeFileSync(r.temp, data);
      if (existsSync(r.target)) chmodSync(r.temp, statSync(r.target).mode & 0o7777);
      renameSync(r.temp, r.target);
      r.temp = undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      throw unwritable(
        name,
        REASONS[code] ?? `writing failed (${code || String(error)})`,
        'the file was left as it was',
      );
    }
  }

  /** Removes the temporary file of every output not written. */
  discard(): void {
    for (const r of this.reserved.values()) {
      if (r.temp !== undefined) {
        try {
          unlinkSync(r.temp);
        } catch {
          // already gone
        }
        r.temp = undefined;
      }
    }
  }
}
