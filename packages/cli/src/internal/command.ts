import { ErrorCode, GridPlan, WanggeError } from '@wangge/core';
import { type Crs, parseCrs } from '../crs';
import { type Format, type ReadOptions, readFeatures, type WriteOptions, writeFeatures } from '../io';
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
}

/** What a subcommand hands back: its exit status, a summary for people and one for machines. */
export interface CommandResult {
  status: number;
  /** Lines of the human summary. */
  human: string[];
  /** The `--json` summary. */
  json: Record<string, unknown>;
}

/** Everything a subcommand sees. */
export interface CommandContext {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** Starts a progress bar on stderr (a no-op unless stderr is a terminal). */
  progress(label: string, total: number): Progress;
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
      'CRS of the input coordinates: WGS84, CGCS2000, GCJ02, BD09, EPSG:<code>, a proj4 string or WKT',
    default: "the file's own (.prj, GeoJSON crs), else WGS84",
  },
  lon: { type: 'string', arg: '<column>', description: 'CSV longitude column', default: 'detected' },
  lat: { type: 'string', arg: '<column>', description: 'CSV latitude column', default: 'detected' },
  format: {
    type: 'string',
    arg: '<format>',
    description: 'input format: geojson, ndjson, csv, topojson, shapefile',
    default: 'from the extension',
  },
  encoding: {
    type: 'string',
    arg: '<name>',
    description: 'Shapefile .dbf encoding, e.g. gbk',
    default: ".cpg's, else utf-8",
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

const FORMATS: readonly Format[] = ['geojson', 'ndjson', 'csv', 'topojson', 'shapefile'];

/** The read options the shared input flags ask for. */
export function readOptionsOf(values: CommandContext['values']): ReadOptions {
  const format = values.format as string | undefined;
  if (format !== undefined && !FORMATS.includes(format as Format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
  return {
    crs: values.crs === undefined ? undefined : parseCrs(values.crs as string),
    lon: values.lon as string | undefined,
    lat: values.lat as string | undefined,
    format: format as Format | undefined,
    encoding: values.encoding as string | undefined,
  };
}

/** The write options the shared output flags ask for. */
export function writeOptionsOf(values: CommandContext['values']): WriteOptions {
  const crs: Crs | undefined =
    values['out-crs'] === undefined ? undefined : parseCrs(values['out-crs'] as string);
  const to = values.to as string | undefined;
  if (to !== undefined && !['geojson', 'ndjson', 'csv', 'topojson'].includes(to)) {
    throw new UsageError(`--to must be one of geojson, ndjson, csv, topojson, got ${JSON.stringify(to)}`);
  }
  return {
    format: to as WriteOptions['format'],
    crs,
    coordinates: values['no-coordinates'] !== true,
    quantization: numberOption(values, 'quantize', { min: 0, integer: true }),
  };
}

/** Rejects `--json` when the command's data goes to stdout: the two would be mixed. */
export function checkStdout(values: CommandContext['values'], out: string): void {
  if (out === '-' && values.json === true) {
    throw new UsageError(
      '--json prints the summary on stdout, where the data goes with -o -: name an output file',
    );
  }
}

/** Reads an input file with the shared input flags. */
export function readInput(file: string, values: CommandContext['values']) {
  return readFeatures(file, readOptionsOf(values));
}

/** Writes an output file with the shared output flags. */
export function writeOutput(
  file: string,
  features: Parameters<typeof writeFeatures>[1],
  values: CommandContext['values'],
) {
  return writeFeatures(file, features, writeOptionsOf(values));
}

/** A numeric option, checked; `undefined` when not given. */
export function numberOption(
  values: CommandContext['values'],
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

/** Throws a bad-input error about a file, naming the file. */
export function badInput(file: string, message: string): never {
  throw new WanggeError(ErrorCode.UNREADABLE_INPUT, `${file}: ${message}`);
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
    if (error instanceof WanggeError && !error.message.includes(file)) fileOfError.set(error, file);
    throw error;
  }
}

/** The file an error is about, when {@link aboutFile} saw it. */
export function errorFile(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? fileOfError.get(error) : undefined;
}

/** Reads a plan file and builds its {@link GridPlan}; errors name the file and the grid. */
export async function readPlan(file: string, values: CommandContext['values']): Promise<GridPlan> {
  const features = await readInput(file, values);
  return aboutFile(file, () => GridPlan.from(features));
}
