/** The options of a balanced partition checked and flattened once, shared by balancedPartition, partitionHierarchy and householdGroups. */
import { type CodeStyle, checkRange, ErrorCode, positionProblem, WanggeError } from '@wangge/core';
import { featureLocation } from '@wangge/core/internal';
import type { Feature, Position } from 'geojson';
import type { BalancedPartitionOptions } from '../balancedPartition';
import type { UnitInput } from './atoms';
import { checkFeasible } from './limits';

/** Options of {@link balancedPartition} after checking, inputs flattened (shared with partitionHierarchy); the range as `[min, max]`. */
export interface Checked {
  points: Float64Array | null;
  pointLoads: Float64Array | null;
  units: UnitInput | null;
  count: number | null;
  range: [number, number] | null;
  barriers: readonly unknown[];
  cellSize: number | null;
  codeStyle: CodeStyle | undefined;
  passes: number;
}

/**
 * Checks the options of {@link balancedPartition}; throws a {@link WanggeError} naming the mistake, and
 * (unless `feasible` is false: one parent of a hierarchy, whose shortfall is a finding) a count or range
 * the inputs cannot meet.
 */
export function checkOptions(options: BalancedPartitionOptions, feasible = true): Checked {
  if (typeof options !== 'object' || options === null) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'balancedPartition needs an options object');
  }
  const { households, units, count, range } = options;
  if ((households === undefined) === (units === undefined)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'give exactly one of households or units');
  }
  if ((count === undefined) === (range === undefined)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'give exactly one of count or range');
  }
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `count must be a whole number ≥ 1, got ${String(count)}`);
  }
  const checkedRange = range === undefined ? undefined : checkRange(range, 'range');
  if (checkedRange !== undefined && !(checkedRange.max > 0)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `range.max must be above 0, got ${checkedRange.max}`);
  }
  if (options.cellSize !== undefined && !(options.cellSize > 0 && Number.isFinite(options.cellSize))) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `cellSize must be a positive number of metres`);
  }
  const passes = options.passes ?? 200;
  if (!Number.isInteger(passes) || passes < 0) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `passes must be a whole number ≥ 0`);
  }
  let points: Float64Array | null = null;
  let pointLoads: Float64Array | null = null;
  if (households !== undefined) {
    points = flatPositions(households);
    if (points.length === 0) throw new WanggeError(ErrorCode.EMPTY_INPUT, 'households is empty');
    if (options.householdLoads !== undefined) {
      if (options.householdLoads.length !== points.length / 2) {
        throw new WanggeError(ErrorCode.INVALID_OPTION, 'householdLoads must have one load per household');
      }
      pointLoads = Float64Array.from(options.householdLoads);
      checkLoads(pointLoads, 'householdLoads');
    }
  } else if (options.householdLoads !== undefined) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'householdLoads goes with households, not units');
  }
  let unitInput: UnitInput | null = null;
  if (units !== undefined) {
    if (!Array.isArray(units))
      throw new WanggeError(ErrorCode.INVALID_OPTION, 'units must be an array of Features');
    if (units.length === 0) throw new WanggeError(ErrorCode.EMPTY_INPUT, 'units is empty');
    const loadOf =
      options.unitLoad ?? ((u: Feature) => (u.properties as Record<string, unknown> | null)?.households);
    const loads = new Float64Array(units.length);
    units.forEach((u, i) => {
      if (typeof u !== 'object' || u === null || u.type !== 'Feature') {
        throw new WanggeError(
          ErrorCode.INVALID_GEOJSON,
          'a unit must be a GeoJSON Feature',
          featureLocation(u, i),
        );
      }
      const load = loadOf(u, i);
      if (typeof load !== 'number' || !Number.isFinite(load) || load < 0) {
        throw new WanggeError(
          ErrorCode.INVALID_PROPERTIES,
          `unit load must be a number ≥ 0, got ${JSON.stringify(load)}`,
          featureLocation(u, i),
        );
      }
      loads[i] = load;
    });
    unitInput = { features: units, loads };
  }
  if (feasible) checkFeasible(count, checkedRange, options.maxGrids, points, pointLoads, unitInput);
  return {
    points,
    pointLoads,
    units: unitInput,
    count: count ?? null,
    range: checkedRange === undefined ? null : [checkedRange.min, checkedRange.max],
    barriers: options.barriers ?? [],
    cellSize: options.cellSize ?? null,
    codeStyle: options.codeStyle,
    passes,
  };
}

function checkLoads(loads: Float64Array, name: string): void {
  loads.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `${name}[${i}] must be a number ≥ 0, got ${v}`);
    }
  });
}

/** Household positions as interleaved lon, lat, checked. */
export function flatPositions(households: readonly Position[] | Float64Array): Float64Array {
  const flat =
    households instanceof Float64Array
      ? households
      : Array.isArray(households)
        ? Float64Array.from(
            households.flatMap((p, i) => {
              if (!Array.isArray(p)) {
                throw new WanggeError(ErrorCode.INVALID_COORDINATE, 'a household must be [lon, lat]', {
                  featureIndex: i,
                });
              }
              return [p[0], p[1]];
            }),
          )
        : null;
  if (flat === null || flat.length % 2 !== 0) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      'households must be [lon, lat] positions or interleaved lon, lat',
    );
  }
  for (let i = 0; i < flat.length / 2; i++) {
    const problem = positionProblem(flat[2 * i], flat[2 * i + 1]);
    if (problem !== null) {
      throw new WanggeError(problem, `household ${i} is at ${flat[2 * i]}, ${flat[2 * i + 1]}`, {
        featureIndex: i,
      });
    }
  }
  return flat;
}
