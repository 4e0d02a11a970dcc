import type { Feature } from 'geojson';
import { type Crs, parseCrs } from '../crs';
import { formatOfFile } from '../io/formats';
import { featuresToText, type WriteOptions } from '../io/write';
import { type CommandContext, numberOption, type OutputKind, UsageError, type Values } from './command';

const WRITABLE = ['geojson', 'ndjson', 'csv', 'topojson'] as const;

/** The write options the shared output flags ask for. */
export function writeOptionsOf(values: Values): WriteOptions {
  const crs: Crs | undefined =
    values['out-crs'] === undefined ? undefined : parseCrs(values['out-crs'] as string);
  return {
    format: toFlag(values),
    crs,
    coordinates: values['no-coordinates'] !== true,
    quantization: numberOption(values, 'quantize', { min: 0, integer: true }),
  };
}

function toFlag(values: Values): WriteOptions['format'] {
  const to = values.to as string | undefined;
  if (to !== undefined && !(WRITABLE as readonly string[]).includes(to)) {
    throw new UsageError(`--to must be one of ${WRITABLE.join(', ')}, got ${JSON.stringify(to)}`);
  }
  return to as WriteOptions['format'];
}

/**
 * Why an output of `kind` cannot be named `file` (its extension says another format), or `undefined`.
 * Checked before the run, with the other output checks.
 */
export function outputNameProblem(
  option: string,
  file: string,
  kind: OutputKind,
  values: Values,
): string | undefined {
  const lower = file.toLowerCase();
  const format = formatOfFile(file);
  switch (kind) {
    case 'features':
      if (file === '-' || toFlag(values) !== undefined) return undefined;
      return format !== undefined && format !== 'shapefile'
        ? undefined
        : `--${option} ${file}: cannot write this file type: name it .geojson, .ndjson, .csv or .topojson${format === 'shapefile' ? ' (Shapefiles are read only)' : ', or pass --to'}`;
    case 'table':
      return file === '-' || format === 'csv' || format === 'geojson' || format === 'ndjson'
        ? undefined
        : `--${option} ${file}: a table is written as .csv, .geojson or .ndjson`;
    case 'geojson':
      return file === '-' || format === 'geojson' ? undefined : `--${option} ${file}: name a .geojson file`;
    case 'json':
      return file === '-' || lower.endsWith('.json') ? undefined : `--${option} ${file}: name a .json file`;
    case 'register':
      return format === 'csv' || lower.endsWith('.xlsx')
        ? undefined
        : `--${option} ${file}: a register is written as .csv or .xlsx`;
    case 'svg':
      return lower.endsWith('.svg') ? undefined : `--${option} must name an .svg file, got ${file}`;
    case 'html':
      return lower.endsWith('.html') || lower.endsWith('.htm')
        ? undefined
        : `--${option} must name an .html file, got ${file}`;
  }
}

/** Writes features to an output with the shared output flags (the format from --to or the extension). */
export function writeOutput(ctx: CommandContext, file: string, features: Feature[]): void {
  const options = writeOptionsOf(ctx.values);
  ctx.write(
    file,
    featuresToText(
      features,
      { ...options, format: options.format ?? (file === '-' ? 'geojson' : undefined) },
      file,
    ),
  );
}

/** Writes rows without geometry (moves, flows, pairs) as a table, in the format the extension implies. */
export function writeTable(ctx: CommandContext, file: string, rows: Array<Record<string, unknown>>): void {
  const features = rows.map(
    (properties): Feature => ({ type: 'Feature', properties, geometry: null as never }),
  );
  ctx.write(file, featuresToText(features, { format: file === '-' ? 'csv' : undefined }, file));
}
