/**
 * What the real-data sweep asks of a partition of a real boundary, answered by GEOS (`@wangge/reference`)
 * and the project's code rules: every output polygon valid, the grids' area equal to the made-valid
 * boundary's, every child code derived from the boundary's real code. Plus synthetic households to load a
 * balanced partition. Used by the partition tests and `bench/realdata.bench.ts`.
 */
import { type CodeStyle, isChildCode, numericCodes } from '@wangge/core';
import { createRandom } from '@wangge/example-city';
import { makeValid as kernelMakeValid, snapCoordinate, union } from '@wangge/geometry';
import { PolygonIndex } from '@wangge/index';
import { area, isValid, makeValid, type Polygonal } from '@wangge/reference';
import type { Feature } from 'geojson';

/** What {@link checkPartition} found wrong. */
export interface PartitionCheck {
  /** Grids GEOS finds invalid, with GEOS's reason. */
  invalid: Array<{ code: string; reason: string }>;
  /** |Σ grid areas − made-valid boundary area| / boundary area (planar, GEOS). */
  areaError: number;
  /** Grids whose code does not derive from the boundary's code. */
  badCodes: string[];
  /**
   * The most `areaError` the kernel's 1e-9° precision model can account for: every boundary crossing is
   * rounded to the grid, moving the outline by at most half a grid diagonal (about 0.08 mm), so the area
   * may move by the target's perimeter × that, relative to its area. Tiling holds "within snap" when
   * `areaError ≤ 1e-9 + snapBound`.
   */
  snapBound: number;
}

/** Options of {@link checkPartition}. */
export interface PartitionCheckOptions {
  /** Code style the grid codes must derive in. @default numericCodes() */
  style?: CodeStyle;
  /**
   * The area the grids must tile: the boundary as the partition made it valid (its kernel snaps repairs to
   * a 1e-9° grid). @default GEOS MakeValid (structure) of the boundary
   */
  target?: Polygonal | null;
}

/**
 * Checks the grids a partition cut from `boundary` (its children only: features whose `parent` is `code`):
 * each valid by GEOS, their GEOS areas adding up to the target's, each code derived from `code`.
 */
export function checkPartition(
  boundary: Polygonal,
  code: string,
  grids: ReadonlyArray<Feature<Polygonal, { code: string; parent: string | null }>>,
  options: PartitionCheckOptions = {},
): PartitionCheck {
  const style = options.style ?? numericCodes();
  const target = options.target === undefined ? makeValid(boundary) : options.target;
  const targetArea = target === null ? 0 : area(target);
  const invalid: PartitionCheck['invalid'] = [];
  const badCodes: string[] = [];
  let sum = 0;
  for (const g of grids) {
    const verdict = isValid(g.geometry);
    if (!verdict.valid) invalid.push({ code: g.properties.code, reason: verdict.reason ?? 'invalid' });
    else sum += area(g.geometry);
    if (!isChildCode(g.properties.code, code, style)) badCodes.push(g.properties.code);
  }
  const snapBound =
    targetArea === 0 || target === null ? 0 : (perimeter(target) * HALF_DIAGONAL) / targetArea;
  return {
    invalid,
    areaError: targetArea === 0 ? sum : Math.abs(sum - targetArea) / targetArea,
    badCodes,
    snapBound,
  };
}

/** Half the diagonal of a 1e-9° grid step, in metres (at the equator; less elsewhere). */
const HALF_DIAGONAL = (Math.SQRT2 / 2) * 1e-9 * 111_320;

/** Perimeter of every ring in metres (equirectangular, good to a fraction of a percent at these lengths). */
function perimeter(shape: Polygonal): number {
  let total = 0;
  for (const rings of shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates) {
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const k = Math.cos((((ring[i][1] + ring[i + 1][1]) / 2) * Math.PI) / 180);
        total += Math.hypot((ring[i + 1][0] - ring[i][0]) * k, ring[i + 1][1] - ring[i][1]) * 111_320;
      }
    }
  }
  return total;
}

/**
 * The area a wangge partition tiles: the boundary made valid by the kernel (`@wangge/geometry` makeValid)
 * and put on its 1e-9° grid (`union` of the one shape) when any coordinate is off it. `null` when nothing
 * of the boundary has area.
 */
export function partitionTarget(boundary: unknown): Polygonal | null {
  const valid = kernelMakeValid(boundary).geometry;
  if (valid === null) return null;
  const off = (valid.type === 'Polygon' ? [valid.coordinates] : valid.coordinates).some((rings) =>
    rings.some((ring) => ring.some((p) => snapCoordinate(p[0]) !== p[0] || snapCoordinate(p[1]) !== p[1])),
  );
  return off ? union([valid]) : valid;
}

/**
 * `count` household positions spread uniformly over a valid shape (rejection sampling from its box, placed
 * by `PolygonIndex`), from a seed: interleaved lon, lat. Pass the boundary as the partition makes it valid:
 * echarts files write islands as holes, which GEOS's structure rule drops and the kernel keeps.
 */
export function syntheticHouseholds(shape: Polygonal | null, count: number, seed = 1): Float64Array {
  const out = new Float64Array(2 * count);
  if (shape === null || count === 0) return out.subarray(0, 0);
  const index = PolygonIndex.from([{ type: 'Feature', properties: {}, geometry: shape }]);
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates) {
    for (const [x, y] of rings[0]) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  const random = createRandom(seed);
  let n = 0;
  for (let tries = 0; n < count && tries < 1000 * count; tries++) {
    const x = random.range(minX, maxX);
    const y = random.range(minY, maxY);
    if (index.locate(x, y) < 0) continue;
    out[2 * n] = x;
    out[2 * n + 1] = y;
    n++;
  }
  return out.subarray(0, 2 * n);
}
