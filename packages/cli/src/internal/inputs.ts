import { GridPlan, WanggeError } from '@wangge/core';
import type { Feature } from 'geojson';
import { parseCrs } from '../crs';
import { FORMATS, type Format, formatOfFile } from '../io/formats';
import { bytesToFeatures, type ReadOptions } from '../io/read';
import { aboutFile, type CommandContext, rememberFile, UsageError, type Values } from './command';

/**
 * What an input file is: a `plan` (or boundary, fixed level, barriers: areas read strictly, in the CRS
 * of `--crs`) or `points` (households, shops, compounds: entities read in the CRS of `--points-crs`,
 * where a row without a valid position is listed and left out instead of stopping the run).
 */
export type InputRole = 'plan' | 'points';

/** The `--format` flag, checked. */
function formatFlag(values: Values): Format | undefined {
  const format = values.format as string | undefined;
  if (format !== undefined && !FORMATS.includes(format as Format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
  return format as Format | undefined;
}

/**
 * The read options of one input file: `--format` applies to stdin and to files whose extension does not
 * say, `--crs` to plans, `--points-crs` to points, `--encoding`, `--lon` and `--lat` to every file.
 */
export function readOptionsOf(ctx: CommandContext, file: string, role: InputRole): ReadOptions {
  const { values } = ctx;
  const format = formatFlag(values);
  const crsFlag = (role === 'plan' ? values.crs : values['points-crs']) as string | undefined;
  return {
    format: file === '-' || formatOfFile(file) === undefined ? format : undefined,
    crs: crsFlag === undefined ? undefined : parseCrs(crsFlag),
    lon: values.lon as string | undefined,
    lat: values.lat as string | undefined,
    encoding: values.encoding as string | undefined,
    badRows: role === 'points' ? 'keep' : 'throw',
    onWarning: (message) => ctx.warn(message),
  };
}

/** Reads an input file (`-` for stdin) in its role; errors name the file, the line or the feature. */
export async function readInput(
  ctx: CommandContext,
  file: string,
  role: InputRole = 'plan',
): Promise<Feature[]> {
  const options = readOptionsOf(ctx, file, role);
  const bytes = file === '-' ? await ctx.stdin() : undefined;
  return bytesToFeatures(file, bytes, options);
}

/** Reads a plan file and builds its {@link GridPlan}; errors name the file and the grid. */
export async function readPlan(ctx: CommandContext, file: string): Promise<GridPlan> {
  const features = await readInput(ctx, file, 'plan');
  return aboutFile(file, () => GridPlan.from(features));
}

/**
 * Runs `work` on the features of several files taken together (`parts` in order); an error naming a
 * feature by its index in the whole is told about the file that feature came from and its index there.
 */
export async function inFiles<T>(
  parts: ReadonlyArray<{ file: string; features: readonly unknown[] }>,
  work: () => T | Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof WanggeError)) throw error;
    let index = error.featureIndex;
    const part =
      index === undefined
        ? parts.length === 1
          ? parts[0]
          : undefined
        : parts.find((p) => {
            if (index! < p.features.length) return true;
            index! -= p.features.length;
            return false;
          });
    if (part === undefined) throw error;
    if (index === undefined || index === error.featureIndex) {
      rememberFile(error, part.file);
      throw error;
    }
    const local: WanggeError = Object.assign(Object.create(WanggeError.prototype) as WanggeError, error, {
      message: error.message.replace(`feature #${error.featureIndex}`, `feature #${index}`),
      featureIndex: index,
      stack: error.stack,
    });
    rememberFile(local, part.file);
    throw local;
  }
}
