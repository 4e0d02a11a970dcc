import type { Feature, Point } from 'geojson';
import { locationOf, rowProblem, whereOf } from '../io/read';
import { badInput, type CommandContext } from './command';

/**
 * The Point features of an entity file that have a position. A row without one (read with
 * `badRows: 'keep'`) is listed through `ctx.skip` with its line and left out; a feature of another
 * geometry type stops the run (exit 2): the file is not a point file.
 */
export function usablePoints(
  ctx: CommandContext,
  file: string,
  features: readonly Feature[],
  what = 'households',
): Feature<Point>[] {
  const points: Feature<Point>[] = [];
  features.forEach((f, i) => {
    if (f.geometry === null || f.geometry === undefined) {
      ctx.skip(file, whereOf(f, i), rowProblem(f) ?? 'no geometry; give it a position or remove it');
      return;
    }
    if (f.geometry.type !== 'Point') {
      badInput(file, `a ${f.geometry.type}, where ${what} must be points`, locationOf(file, f, i));
    }
    points.push(f as Feature<Point>);
  });
  if (points.length === 0 && features.length > 0) {
    const first = features[0];
    badInput(
      file,
      `none of the ${features.length} rows has a usable position (${whereOf(first, 0)}: ${rowProblem(first) ?? 'no geometry'})`,
    );
  }
  return points;
}

/** Point features as interleaved lon, lat. */
export function pointsToXy(points: readonly Feature<Point>[]): Float64Array {
  const xy = new Float64Array(points.length * 2);
  points.forEach((f, i) => {
    xy[2 * i] = f.geometry.coordinates[0];
    xy[2 * i + 1] = f.geometry.coordinates[1];
  });
  return xy;
}
