import { ErrorCode, WanggeError } from '@wangge/core';
import type { AssignOptions } from '../options';
import { checkEntityValue, describe, type EntityValue } from './values';

/** {@link AssignOptions} checked, with defaults filled in. */
export interface ResolvedOptions {
  countAs: string;
  counts: Array<[string, EntityValue]>;
  category: string | undefined;
  weight: EntityValue;
  lon: string;
  lat: string;
  idColumn: string;
  straddleTolerance: number;
}

/** Checks {@link AssignOptions} and fills in defaults. */
export function resolveOptions(options: AssignOptions): ResolvedOptions {
  const bad = (why: string): never => {
    throw new WanggeError(ErrorCode.INVALID_OPTION, why);
  };
  const name = (value: unknown, what: string, fallback: string): string => {
    if (value === undefined) return fallback;
    return typeof value === 'string' && value !== '' ? value : bad(`${what} must be a non-empty string`);
  };
  const countAs = name(options.countAs, 'countAs', 'entities');
  const rawCounts = options.counts ?? {};
  if (typeof rawCounts !== 'object' || rawCounts === null) bad('counts must be an object of name → value');
  const counts = Object.entries(rawCounts).map(([key, value]): [string, EntityValue] => {
    if (key === countAs) bad(`counts.${key} has the name of countAs`);
    return [key, checkEntityValue(value, `counts.${key}`)];
  });
  const category = options.category === undefined ? undefined : name(options.category, 'category', '');
  const tolerance = options.straddleTolerance ?? 0.01;
  if (typeof tolerance !== 'number' || !(tolerance >= 0 && tolerance < 1)) {
    bad(`straddleTolerance must be a number in [0, 1), got ${describe(tolerance)}`);
  }
  return {
    countAs,
    counts,
    category,
    weight: checkEntityValue(options.weight ?? 1, 'weight'),
    lon: name(options.lon, 'lon', 'lon'),
    lat: name(options.lat, 'lat', 'lat'),
    idColumn: name(options.idColumn, 'idColumn', 'id'),
    straddleTolerance: tolerance,
  };
}

/**
 * Throws `INVALID_OPTION` when an option names a column the input does not have (which would otherwise
 * count zero, or leave every row without coordinates, silently). `withCoordinates` for rows that must hold the lon/lat columns.
 */
export function checkColumns(
  settings: ResolvedOptions,
  columns: readonly string[],
  withCoordinates: boolean,
  where: string,
): void {
  const wanted: Array<[string, string]> = [];
  if (withCoordinates) wanted.push(['lon', settings.lon], ['lat', settings.lat]);
  const columnOf = (value: EntityValue) =>
    typeof value === 'string' ? value : typeof value === 'object' ? value.column : undefined;
  for (const [name, value] of settings.counts) {
    const column = columnOf(value);
    if (column !== undefined) wanted.push([`counts.${name}`, column]);
  }
  const weight = columnOf(settings.weight);
  if (weight !== undefined) wanted.push(['weight', weight]);
  if (settings.category !== undefined) wanted.push(['category', settings.category]);
  for (const [option, column] of wanted) {
    if (!columns.includes(column)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `${option}: no column ${JSON.stringify(column)} in ${where} (${columns.map((c) => JSON.stringify(c)).join(', ')})`,
      );
    }
  }
}
