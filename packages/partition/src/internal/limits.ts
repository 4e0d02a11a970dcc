/**
 * Sizes checked up front (issue 12): a level that would make more grids than its `maxGrids`, or a balanced
 * count or range the load cannot meet, is refused before any cutting, with the estimate.
 */
import { ErrorCode, type GridGeometry, geodesicArea, geodesicPerimeter, WanggeError } from '@wangge/core';
import type { BalancedPartitionOptions } from '../balancedPartition';
import type { UnitInput } from './atoms';

/**
 * Default `maxGrids` of a balanced partition: 2,000 grids. The time grows faster than the grid count: on
 * the 2-core machine 160 grids of 20,000 households took 1.6 s, 611 took 5 s and 1,497 took 39 s.
 */
export const MAX_BALANCED_GRIDS = 2000;

/** Default `maxGrids` of a regular grid: 1,000,000 cells (1 km cells over the largest Chinese prefecture). */
export const MAX_REGULAR_GRIDS = 1_000_000;

/**
 * The number of cells of `size` metres a regular grid over these boundaries makes, estimated from their
 * geodesic area (whole cells) and perimeter (cells the boundary cuts), before any cutting.
 */
export function estimateCells(
  geometries: readonly GridGeometry[],
  shape: 'square' | 'hex',
  size: number,
): number {
  if (!Array.isArray(geometries)) {
    throw new WanggeError(
      ErrorCode.INVALID_GEOJSON,
      'estimateCells: expected an array of Polygon or MultiPolygon geometries',
    );
  }
  if (shape !== 'square' && shape !== 'hex') {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `estimateCells: shape is square or hex, got ${String(shape)}`,
    );
  }
  if (typeof size !== 'number' || !(size > 0) || !Number.isFinite(size)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `estimateCells: size must be metres > 0, got ${String(size)}`,
    );
  }
  const cellArea = shape === 'square' ? size * size : (Math.sqrt(3) / 2) * size * size;
  let cells = 0;
  for (const g of geometries) cells += geodesicArea(g) / cellArea + geodesicPerimeter(g) / size;
  return Math.ceil(cells);
}

/** Refuses a level whose estimated cell count is above `maxGrids`, naming the estimate and what to change. */
export function checkCellCount(
  geometries: readonly GridGeometry[],
  shape: 'square' | 'hex',
  size: number,
  maxGrids: number | undefined,
  name = 'size',
): void {
  const limit = maxGrids ?? MAX_REGULAR_GRIDS;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `maxGrids must be a whole number ≥ 1, got ${String(limit)}`,
    );
  }
  const estimate = estimateCells(geometries, shape, size);
  if (estimate > limit) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `${name} ${size} m would make about ${estimate.toLocaleString('en-US')} cells, above maxGrids (${limit.toLocaleString('en-US')}): use larger cells, or raise maxGrids`,
    );
  }
}

/**
 * Refuses, before any work, a `count` or `range` the inputs cannot meet: more grids than inputs, a range
 * no number of grids fits (the total load divided into k grids lands below min or above max for every k),
 * or more grids than `maxGrids`.
 */
export function checkFeasible(
  options: BalancedPartitionOptions,
  points: Float64Array | null,
  pointLoads: Float64Array | null,
  units: UnitInput | null,
): void {
  const maxGrids = options.maxGrids ?? MAX_BALANCED_GRIDS;
  if (!Number.isInteger(maxGrids) || maxGrids < 1) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `maxGrids must be a whole number ≥ 1, got ${String(maxGrids)}`,
    );
  }
  const what = points ? 'households' : 'units';
  const inputs = points ? points.length / 2 : units!.loads.length;
  let total = 0;
  if (points) total = pointLoads ? pointLoads.reduce((s, v) => s + v, 0) : inputs;
  else total = units!.loads.reduce((s, v) => s + v, 0);
  const { count, range } = options;
  if (count !== undefined) {
    if (count > inputs) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `count ${count} is more grids than the ${inputs} ${what}: every grid needs at least one; give at most ${inputs}`,
      );
    }
    if (count > maxGrids) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `count ${count} is above maxGrids (${maxGrids}): raise maxGrids, or split the area first (a level above)`,
      );
    }
    return;
  }
  const [min, max] = range!;
  const fewest = Math.max(1, Math.ceil(total / max));
  const most = min > 0 ? Math.floor(total / min) : Number.POSITIVE_INFINITY;
  if (fewest > most) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `range [${min}, ${max}] cannot be met: the total load ${total} of the ${inputs} ${what} gives ${total < min ? `less than ${min} even as one grid` : `no whole number of grids between ${min} and ${max} each`}; widen the range`,
    );
  }
  if (fewest > maxGrids) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `range [${min}, ${max}] over a total load of ${total} needs at least ${fewest} grids, above maxGrids (${maxGrids}): raise the range or maxGrids`,
    );
  }
}
