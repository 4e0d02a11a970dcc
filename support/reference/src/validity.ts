import type { Position } from 'geojson';
import { call, free, fromGeos, module, type Polygonal, takeString, toGeos } from './geos';

/** GEOS's verdict on one geometry. */
export interface Validity {
  /** True when GEOS `isValid` holds. */
  valid: boolean;
  /** GEOS's reason (`Self-intersection`, `Too few points`, `Ring Self-intersection`, ...), `null` when valid. */
  reason: string | null;
  /** Where GEOS found the problem, when it says. */
  location?: Position;
}

/**
 * GEOS `isValidReason` of a polygonal geometry. A ring GEOS cannot even build (unclosed, fewer than 4
 * positions) is invalid with GEOS's construction error as the reason.
 */
export function isValid(geometry: Polygonal): Validity {
  const { ptr, error } = toGeos(geometry, { fixStructure: false });
  if (ptr === 0) return { valid: false, reason: error ?? 'GEOS could not build the geometry' };
  const { value } = call((g) => takeString(g.GEOSisValidReason(ptr) as never));
  free(ptr);
  const reason = value ?? 'GEOS could not decide';
  if (reason === 'Valid Geometry') return { valid: true, reason: null };
  const at = /\[(-?[0-9.e+-]+) (-?[0-9.e+-]+)\]$/.exec(reason);
  const text = reason.replace(/\[[^\]]*\]$/, '');
  return at === null
    ? { valid: false, reason: text }
    : { valid: false, reason: text, location: [Number(at[1]), Number(at[2])] };
}

/** Options of {@link makeValid}. */
export interface MakeValidOptions {
  /**
   * GEOS's method: `structure` (rings as area boundaries; what shapely's `make_valid(method='structure')`
   * does) or `linework` (every ring's linework is noded and polygonised). @default 'structure'
   */
  method?: 'structure' | 'linework';
}

/**
 * GEOS `MakeValid` of a polygonal geometry, the polygonal part of the result (collapsed lines and points
 * dropped), or `null` when nothing of it has area. Rings GEOS cannot build are first closed and padded by
 * GEOS's WKB reader (`setFixStructure`).
 */
export function makeValid(geometry: Polygonal, options: MakeValidOptions = {}): Polygonal | null {
  const method = options.method ?? 'structure';
  const { ptr, error } = toGeos(geometry, { fixStructure: true });
  if (ptr === 0) throw new Error(`@wangge/reference: GEOS could not read the geometry: ${error}`);
  const g = module();
  const params = g.GEOSMakeValidParams_create();
  g.GEOSMakeValidParams_setMethod(
    params,
    method === 'structure'
      ? g.GEOSMakeValidMethods.GEOS_MAKE_VALID_STRUCTURE
      : g.GEOSMakeValidMethods.GEOS_MAKE_VALID_LINEWORK,
  );
  const made = call((m) => m.GEOSMakeValidWithParams(ptr, params));
  g.GEOSMakeValidParams_destroy(params);
  free(ptr);
  if (!made.value) throw new Error(`@wangge/reference: GEOS MakeValid failed: ${made.error}`);
  const out = fromGeos(made.value);
  free(made.value);
  return out;
}
