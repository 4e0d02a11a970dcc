/**
 * What the real-data sweep asks of a partition of a real boundary, answered by GEOS (`@wangge/reference`)
 * and the project's code rules: every output polygon valid, the grids' union equal to the made-valid
 * boundary (symmetric difference) with no overlap, every child code derived from the boundary's real code. Plus synthetic households to load a
 * balanced partition. Used by the partition tests and `bench/realdata.bench.ts`.
 */
import { type CodeStyle, isChildCode, numericCodes } from '@wangge/core';
import { createRandom } from '@wangge/example-city';
import { makeValid as kernelMakeValid } from '@wangge/geometry';
import { PolygonIndex } from '@wangge/index';
import { area, difference, isValid, makeValid, type Polygonal, unionAll } from '@wangge/reference';
import type { Feature } from 'geojson';

/** What {@link checkPartition} found wrong. */
export interface PartitionCheck {
  /** Grids GEOS finds invalid, with GEOS's reason. */
  invalid: Array<{ code: string; reason: string }>;
  /**
   * Everything that is not covered exactly once inside the target, relative to its area (planar, GEOS):
   * (area(target − ∪ grids) + area(∪ grids − target) + Σ grid areas − area(∪ grids)) / area(target): the
   * symmetric difference of the grids' union with the target, plus where grids overlap. A sum of areas
   * alone lets a gap and a spill of equal area cancel.
   */
  areaError: number;
  /** Grids whose code does not derive from the boundary's code. */
  badCodes: string[];
}

/** Options of {@link checkPartition}. */
export interface PartitionCheckOptions {
  /** Code style the grid codes must derive in. @default numericCodes() */
  style?: CodeStyle;
  /**
   * The area the grids must tile: the boundary as the partition made it valid (on the kernel's 1e-9° grid:
   * {@link partitionTarget}). @default GEOS MakeValid (structure) of the boundary
   */
  target?: Polygonal | null;
}

/**
 * Checks the grids a partition cut from `boundary` (its children only: features whose `parent` is `code`):
 * each valid by GEOS, their union equal to the target's with no overlap (GEOS `areaError`), each code
 * derived from `code`.
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
  const valid: Polygonal[] = [];
  for (const g of grids) {
    const verdict = isValid(g.geometry);
    if (!verdict.valid) invalid.push({ code: g.properties.code, reason: verdict.reason ?? 'invalid' });
    else {
      sum += area(g.geometry);
      valid.push(g.geometry);
    }
    if (!isChildCode(g.properties.code, code, style)) badCodes.push(g.properties.code);
  }
  // GEOS's cascaded union (its CoverageUnion, meant for this, is slower here: 89 s against 32 s on 呼伦贝尔's
  // 252,906 cells, and needs a CoverageIsValid of 21 s first).
  const covered = valid.length === 0 ? null : unionAll(valid);
  const areaOf = (g: Polygonal | null) => (g === null ? 0 : area(g));
  const missing = target === null ? 0 : covered === null ? targetArea : areaOf(difference(target, covered));
  const spilled =
    covered === null ? 0 : target === null ? areaOf(covered) : areaOf(difference(covered, target));
  const overlap = Math.max(0, sum - areaOf(covered));
  const wrong = missing + spilled + overlap;
  return { invalid, areaError: targetArea === 0 ? wrong : wrong / targetArea, badCodes };
}

/**
 * The area a wangge partition tiles: the boundary made valid by the kernel (`@wangge/geometry` makeValid,
 * on its 1e-9° grid). `null` when nothing of the boundary has area.
 */
export function partitionTarget(boundary: unknown): Polygonal | null {
  return kernelMakeValid(boundary).geometry;
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
