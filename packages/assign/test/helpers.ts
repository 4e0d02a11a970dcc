import { type GridFeature, WanggeError } from '@wangge/core';
import type { Polygon } from 'geojson';

/** The code of the WanggeError `f` throws, a note when it throws something else, `undefined` when not. */
export function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof WanggeError ? e.code : `not a WanggeError: ${e}`;
  }
  return undefined;
}

/** An axis-aligned box polygon with its south-west corner at `(x, y)`. */
export function box(x: number, y: number, w: number, h = w): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + w, y],
        [x + w, y + h],
        [x, y + h],
        [x, y],
      ],
    ],
  };
}

/** A grid feature of a plan. */
export function grid(code: string, parent: string | null, level: number, geometry: Polygon): GridFeature {
  return { type: 'Feature', properties: { code, parent, level }, geometry };
}
