import type { Feature } from 'geojson';
import { badInput } from './command';

/** The Point features of a file as interleaved lon, lat (households to count in gaps and overlaps). */
export function featuresToXy(file: string, features: readonly Feature[]): Float64Array {
  const xy = new Float64Array(features.length * 2);
  features.forEach((f, i) => {
    if (f.geometry?.type !== 'Point') {
      badInput(file, `feature #${i} is a ${f.geometry?.type ?? 'null geometry'}; households must be points`);
    }
    xy[2 * i] = f.geometry.coordinates[0];
    xy[2 * i + 1] = f.geometry.coordinates[1];
  });
  return xy;
}
