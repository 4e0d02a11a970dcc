/**
 * The independent reference of the tests, GEOS 3.13 through `@wangge/reference`, under the few names the
 * tests use: validity, planar area, the area of an OverlayNG result, MakeValid (`structure`).
 */

import * as reference from '@wangge/reference';
import type { Geometry } from 'geojson';

type Polygonal = reference.Polygonal;

/** Loads GEOS once (`@wangge/reference`'s loader). */
export async function loadGeos(): Promise<void> {
  await reference.loadReference();
}

/** The calls the tests make, on a loaded reference. */
export class GeosReference {
  /** GEOS `isValid` and its reason (`Valid Geometry` when valid). */
  validity(g: Geometry): { valid: boolean; reason: string } {
    const v = reference.isValid(g as Polygonal);
    return { valid: v.valid, reason: v.reason ?? 'Valid Geometry' };
  }

  /** Planar area in square degrees (0 for nothing). */
  area(g: Geometry | null): number {
    return g === null ? 0 : reference.area(g as Polygonal);
  }

  /** Area of a binary OverlayNG result. */
  overlayArea(op: 'intersection' | 'difference' | 'union', a: Geometry, b: Geometry): number {
    const run =
      op === 'intersection'
        ? reference.intersection
        : op === 'difference'
          ? reference.difference
          : reference.union;
    return this.area(run(a as Polygonal, b as Polygonal));
  }

  /** GEOS MakeValid, `structure` method, collapsed parts dropped (`null` when nothing has area). */
  makeValid(g: Geometry): Geometry | null {
    return reference.makeValid(g as Polygonal, { method: 'structure' });
  }
}
