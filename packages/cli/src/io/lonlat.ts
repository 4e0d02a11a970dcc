/**
 * Coordinates to WGS84, checked: every position a longitude/latitude once converted, with the
 * plausibility warnings and errors that name the CRS to pass (a file in metres read as degrees, a
 * projected CRS given to degrees).
 */
import { ErrorCode, positionProblem, WanggeError } from '@wangge/core';
import type { Feature, Geometry, Position } from 'geojson';
import { type Crs, featuresToWgs84, forEachPosition } from '../crs';
import { describeValue } from './formats';
import type { ReadOptions } from './read';
import { locationOf, originOf, setOrigin } from './where';

export const PASS_CRS =
  'pass its CRS, e.g. --crs EPSG:4549 (CGCS2000 3° zone 120°E) for a plan or boundary, --points-crs EPSG:4549 for points';

/** True when every position of the features lies within lon/lat bounds (and there is one). */
function allDegrees(features: readonly Feature[]): boolean {
  let any = false;
  let inside = true;
  for (const f of features) {
    if (!inside) break;
    forEachPosition(f.geometry, (p) => {
      any = true;
      if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) inside = false;
    });
  }
  return any && inside;
}

/**
 * Converts to WGS84, then checks that every position is a longitude/latitude. A projected CRS given for
 * coordinates that all look like degrees is warned about; positions that are not lon/lat once converted
 * throw (or, with `badRows: 'keep'`, drop the feature's geometry), except that a file most of whose
 * positions look like metres always throws, naming the `--crs` to pass.
 */
export function toWgs84(file: string, features: Feature[], crs: Crs, options: ReadOptions): Feature[] {
  if (!crs.geographic && allDegrees(features)) {
    options.onWarning?.(
      `${file}: every coordinate looks like a longitude/latitude, yet the file is read as ${crs.name} (metres): if it is lon/lat, drop that CRS`,
    );
  }
  const converted = featuresToWgs84(features, crs);
  let metres = 0;
  let firstBad = -1;
  const out = converted.map((f, i) => {
    const origin = originOf(features[i]) ?? { index: i };
    let position: Position | undefined;
    forEachPosition(f.geometry, (p) => {
      if (position === undefined && positionProblem(p[0], p[1]) !== null) position = p;
    });
    if (position === undefined) {
      setOrigin(f, origin);
      return f;
    }
    if (firstBad < 0) firstBad = i;
    const raw = firstPosition(features[i].geometry, f.geometry, position);
    const looksProjected =
      Number.isFinite(raw[0]) &&
      Number.isFinite(raw[1]) &&
      Math.max(Math.abs(raw[0]), Math.abs(raw[1])) > 1000;
    if (looksProjected) metres++;
    const message = `position ${describeValue(raw)} is not a longitude/latitude${crs.name === 'WGS84' ? '' : ` once converted from ${crs.name}`}${
      looksProjected && crs.geographic ? `; the file looks projected (metres): ${PASS_CRS}` : ''
    }`;
    if (options.badRows !== 'keep') {
      throw new WanggeError(
        positionProblem(position[0], position[1])!,
        message,
        locationOf(file, features[i], i),
      );
    }
    const kept = { ...f, geometry: null as never };
    setOrigin(kept, { ...origin, problem: message });
    return kept;
  });
  if (crs.geographic && metres > 0 && 2 * metres >= features.length) {
    throw new WanggeError(
      ErrorCode.COORDINATE_OUT_OF_RANGE,
      `${metres} of ${features.length} features have positions in metres, not degrees: ${PASS_CRS}`,
      locationOf(file, features[firstBad], firstBad),
    );
  }
  return out;
}

/** The position of the raw geometry that became `converted` (same place in the same structure). */
function firstPosition(raw: Geometry | null, converted: Geometry | null, at: Position): Position {
  const rawPositions: Position[] = [];
  const convertedPositions: Position[] = [];
  forEachPosition(raw, (p) => rawPositions.push(p));
  forEachPosition(converted, (p) => convertedPositions.push(p));
  const k = convertedPositions.indexOf(at);
  return rawPositions[k] ?? at;
}
