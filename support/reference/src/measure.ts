import { geodesicArea as coreGeodesicArea } from '@wangge/core';
import { areaOf, free, type Polygonal, toGeos } from './geos';

/**
 * GEOS planar area in square degrees (holes subtracted). For an invalid geometry this is GEOS's area of
 * the rings as given, not of the made-valid shape: pass the output of `makeValid` to measure that.
 */
export function area(geometry: Polygonal): number {
  const { ptr, error } = toGeos(geometry, { fixStructure: true });
  if (ptr === 0) throw new Error(`@wangge/reference: GEOS could not read the geometry: ${error}`);
  const a = areaOf(ptr);
  free(ptr);
  return a;
}

/** Area in square metres on the WGS84 ellipsoid, measured by `@wangge/core`'s `geodesicArea`. */
export function geodesicArea(geometry: Polygonal): number {
  return coreGeodesicArea(geometry);
}
