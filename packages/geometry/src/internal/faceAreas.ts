/**
 * Geodesic areas (m², WGS84) of every face of an arrangement at once, each edge measured once. A face's
 * area is the sum, over the half-edges of its cycles, of the area between the edge's geodesic and the
 * equator (Karney's `S12`, geographiclib), which is how geographiclib's polygon area adds up a ring: an
 * edge between two faces is measured once and counted for both, with opposite signs, and a face with holes
 * gets its exterior minus its holes in one sum. The result equals core's `geodesicArea` of the face's
 * polygon up to rounding.
 *
 * Faces this short cut does not cover exactly as core does (a vertex on a pole, an edge across the
 * antimeridian, a ring round a pole) are left as `NaN` for the caller to measure as a polygon.
 */
import geographiclib from 'geographiclib-geodesic';
import type { Arrangement } from './arrangement';
import { fromGrid } from './input';

// geographiclib ships CommonJS only: take the namespace, then the ellipsoid.
const { Geodesic, Math: GeoMath } = geographiclib;
const WGS84 = Geodesic.WGS84;
const E = Math.sqrt(WGS84.f * (2 - WGS84.f));
const B = WGS84.a * (1 - WGS84.f);
/** The ellipsoid's whole area: `4π c²` with geographiclib's authalic `c²`. */
const AREA0 = 4 * Math.PI * ((WGS84.a * WGS84.a + (B * B * Math.atanh(E)) / E) / 2);

/**
 * Whether geographiclib crosses the prime meridian going from `lon1` to `lon2` (1 eastwards, -1
 * westwards, 0 not), as its polygon area counts crossings.
 */
function transit(lon1: number, lon2: number): number {
  const lon12 = GeoMath.AngDiff(lon1, lon2).d;
  const a = GeoMath.AngNormalize(lon1);
  const b = GeoMath.AngNormalize(lon2);
  if (lon12 > 0 && ((a < 0 && b >= 0) || (a > 0 && b === 0))) return 1;
  return lon12 < 0 && a >= 0 && b < 0 ? -1 : 0;
}

/** The geodesic area of every bounded face `1 .. faceCount − 1` at index `face − 1`; `NaN` where left to the caller. */
export function geodesicFaceAreas(arr: Arrangement): Float64Array {
  const { xy, edgeLo, edgeHi, edgeCount, faceCount, faceCycleStart, cycleEdge, next } = arr;
  const s12 = new Float64Array(edgeCount);
  const crossing = new Int8Array(edgeCount);
  const awkward = new Uint8Array(edgeCount);
  for (let k = 0; k < edgeCount; k++) {
    const lon1 = fromGrid(xy[2 * edgeLo[k]]);
    const lat1 = fromGrid(xy[2 * edgeLo[k] + 1]);
    const lon2 = fromGrid(xy[2 * edgeHi[k]]);
    const lat2 = fromGrid(xy[2 * edgeHi[k] + 1]);
    s12[k] = WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.AREA).S12 ?? 0;
    crossing[k] = transit(lon1, lon2);
    if (Math.abs(lat1) === 90 || Math.abs(lat2) === 90 || Math.abs(lon2 - lon1) > 180) awkward[k] = 1;
  }
  const areas = new Float64Array(faceCount - 1);
  for (let f = 1; f < faceCount; f++) {
    // A double-double sum: the terms are large (a band from the equator) and cancel to a small area.
    let hi = 0;
    let lo = 0;
    let crossings = 0;
    let measurable = true;
    for (let c = faceCycleStart[f]; c < faceCycleStart[f + 1]; c++) {
      const first = cycleEdge[c];
      let h = first;
      do {
        const k = h >> 1;
        const sign = h & 1 ? -1 : 1;
        const term = sign * s12[k];
        const sum = hi + term;
        const back = sum - hi;
        lo += hi - (sum - back) + (term - back);
        hi = sum;
        crossings += sign * crossing[k];
        if (awkward[k]) measurable = false;
        h = next[h];
      } while (h !== first);
    }
    if (!measurable || crossings % 2 !== 0) {
      areas[f - 1] = Number.NaN;
      continue;
    }
    // geographiclib's sum runs clockwise; faces are read counter-clockwise; reduce into (−A/2, A/2].
    let area = -GeoMath.remainder(hi + lo, AREA0);
    if (area > AREA0 / 2) area -= AREA0;
    else if (area <= -AREA0 / 2) area += AREA0;
    areas[f - 1] = area;
  }
  return areas;
}
