import { ErrorCode, type ErrorLocation, WanggeError } from '@wangge/core';
import type { Progress } from './progress';

/** Exit statuses of `wangge` and {@link runCli}, the same for every subcommand. */
export const ExitCode = {
  /** Everything went well. */
  OK: 0,
  /** The command ran and found defects in the data (gaps, overlaps, overloaded grids, unassigned points). */
  DEFECTS: 1,
  /** Bad input or usage: a file that cannot be read, a bad option; the message says what to do. */
  BAD_INPUT: 2,
  /** A bug in wangge; the message asks to report it. */
  INTERNAL: 3,
} as const;

/** One option of a subcommand. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder shown in help, e.g. `<file>`. */
  arg?: string;
  description: string;
  /** Default, as shown in help (the command applies it). */
  default?: string;
  multiple?: boolean;
  /**
   * The option names a file the command reads (`true`), or holds one inside a longer value (a function
   * picking the file out of `name=file` or `fixed:file`, `undefined` when there is none). Every input is
   * compared with every output before the run.
   */
  input?: true | ((value: string) => string | undefined);
  /** The option names a file the command writes, of this kind; reserved before the run. */
  output?: OutputKind;
}

/**
 * What an output file holds, which decides the extensions it may have: `features` any format wangge
 * writes (or `--to`), `table` rows without geometry (`.csv`, `.geojson`, `.ndjson`), `geojson`, `json`,
 * `svg`, `html`, `register` (`.csv` or `.xlsx`).
 */
export type OutputKind = 'features' | 'table' | 'geojson' | 'json' | 'svg' | 'html' | 'register';

/** What a subcommand hands back: its exit status, a summary for people and one for machines. */
export interface CommandResult {
  status: number;
  /** Lines of the human summary. */
  human: string[];
  /** The `--json` summary. */
  json: Record<string, unknown>;
}

/** The parsed flags of a command line. */
export type Values = Record<string, string | boolean | string[] | undefined>;

/** Everything a subcommand sees. */
export interface CommandContext {
  values: Values;
  positionals: string[];
  /** Starts a progress bar on stderr (a no-op unless stderr is a terminal). */
  progress(label: string, total: number): Progress;
  /**
   * Names the step now running; on a terminal, a run past 2 s shows it with the time taken so far
   * (a no-op otherwise).
   */
  phase(label: string): void;
  /**
   * Writes an output the command line names (reserved before the run, see `files.ts`), atomically;
   * `-` writes stdout.
   */
  write(file: string, text: string | Uint8Array): void;
  /** The bytes of stdin, read once. */
  stdin(): Promise<Uint8Array>;
  /** A warning for the person running the command: on stderr, and under `warnings` with `--json`. */
  warn(message: string): void;
  /**
   * An input row or feature that cannot be used (no valid position, ...): listed with where it is, the
   * run goes on without it, and the exit status is at least 1.
   */
  skip(file: string, where: string, message: string): void;
}

/** A subcommand: its help and its run function. */
export interface Command {
  name: string;
  usage: string;
  description: string;
  options: Record<string, OptionSpec>;
  /** Example command lines, each with a comment line. */
  examples: Array<[comment: string, line: string]>;
  /** Minimum and maximum number of positional arguments. */
  positionals: [min: number, max: number];
  /**
   * Fills in defaults that name files (an output beside the input, `-` for stdout), so that they are
   * checked against the inputs before the run like the files given.
   */
  defaults?(values: Values, positionals: readonly string[]): void;
  run(ctx: CommandContext): Promise<CommandResult>;
}

/** A mistake in the command line itself (unknown option, missing file argument). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Options shared by commands that read geographic files. */
export const inputOptions: Record<string, OptionSpec> = {
  crs: {
    type: 'string',
    arg: '<crs>',
    description:
      'CRS of the plan, boundary and other area files: WGS84, CGCS2000, GCJ02, BD09, EPSG:<code>, a proj4 string or WKT',
    default: "the file's own (.prj, GeoJSON crs), else WGS84",
  },
  lon: { type: 'string', arg: '<column>', description: 'CSV longitude column', default: 'detected' },
  lat: { type: 'string', arg: '<column>', description: 'CSV latitude column', default: 'detected' },
  format: {
    type: 'string',
    arg: '<format>',
    description:
      'format of stdin (-) and of files whose extension does not say: geojson, ndjson, csv, topojson, shapefile',
    default: 'from the extension; geojson on stdin',
  },
  encoding: {
    type: 'string',
    arg: '<name>',
    description: 'text encoding of CSV and JSON files and of a Shapefile .dbf, e.g. gbk',
    default: 'a BOM, a .cpg, else UTF-8 (GB18030 when not valid UTF-8)',
  },
};

/** The option of commands that read point or entity files (households, shops, compounds). */
export const pointsCrsOption: Record<string, OptionSpec> = {
  'points-crs': {
    type: 'string',
    arg: '<crs>',
    description:
      'CRS of the point and entity files (households, shops, units), e.g. gcj02 for AMap points; --crs never applies to them',
    default: "the file's own, else WGS84",
  },
};

/** Options shared by commands that write geographic files. */
export const outputOptions: Record<string, OptionSpec> = {
  to: {
    type: 'string',
    arg: '<format>',
    description: 'output format: geojson, ndjson, csv, topojson',
    default: 'from the extension; geojson on stdout',
  },
  'out-crs': { type: 'string', arg: '<crs>', description: 'CRS to write coordinates in', default: 'WGS84' },
  'no-coordinates': {
    type: 'boolean',
    description: 'write codes, names and counts only, no coordinates (for sharing sensitive plans)',
  },
  quantize: {
    type: 'string',
    arg: '<n>',
    description: 'TopoJSON quantization, positions per axis (0 = exact)',
    default: '1e6',
  },
};

/** A numeric option, checked; `undefined` when not given. */
export function numberOption(
  values: Values,
  name: string,
  limits: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const { min = -Infinity, max = Infinity, integer = false } = limits;
  if (
    typeof raw !== 'string' ||
    raw.trim() === '' ||
    !Number.isFinite(n) ||
    n < min ||
    n > max ||
    (integer && !Number.isInteger(n))
  ) {
    const range = `${integer ? 'a whole number' : 'a number'}${min > -Infinity ? ` ≥ ${min}` : ''}${max < Infinity ? ` ≤ ${max}` : ''}`;
    throw new UsageError(`--${name} must be ${range}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Throws a bad-input error about a file (and, when given, a feature of it), naming the file. */
export function badInput(file: string, message: string, location: ErrorLocation = {}): never {
  throw new WanggeError(ErrorCode.UNREADABLE_INPUT, message, { file, ...location });
}

const fileOfError = new WeakMap<object, string>();

/**
 * Runs `work` on the contents of `file`; a {@link WanggeError} it throws is remembered as being about
 * `file`, so the error message names the file as well as the feature.
 */
export async function aboutFile<T>(file: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WanggeError) rememberFile(error, file);
    throw error;
  }
}

/**
 * Like {@link aboutFile} for work on several files: an error is told about the first file whose
 * pattern its message matches (`[/household/i, 'households.csv']`), else about `fallback`.
 */
export async function aboutFiles<T>(
  files: ReadonlyArray<[pattern: RegExp, file: string | undefined]>,
  fallback: string,
  work: () => T | Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WanggeError) {
      const match = files.find(([pattern, file]) => file !== undefined && pattern.test(error.message));
      rememberFile(error, match?.[1] ?? fallback);
    }
    throw error;
  }
}

/** Remembers that `error` is about `file` (unless its message names the file already). */
export function rememberFile(error: WanggeError, file: string): void {
  if (!error.message.includes(file)) fileOfError.set(error, file);
}

/** The file an error is about, when {@link aboutFile} saw it. */
export function errorFile(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? fileOfError.get(error) : undefined;
}
