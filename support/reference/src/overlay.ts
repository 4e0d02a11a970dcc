import { call, collectionOf, free, fromGeos, type Polygonal, toGeos } from './geos';

function read(geometry: Polygonal, name: string): number {
  const { ptr, error } = toGeos(geometry, { fixStructure: true });
  if (ptr === 0) throw new Error(`@wangge/reference: GEOS could not read ${name}: ${error}`);
  return ptr;
}

function binary(a: Polygonal, b: Polygonal, op: 'GEOSIntersection' | 'GEOSUnion' | 'GEOSDifference') {
  const pa = read(a, 'a');
  const pb = read(b, 'b');
  const { value, error } = call((g) => g[op](pa, pb));
  free(pa, pb);
  if (!value) throw new Error(`@wangge/reference: ${op} failed: ${error}`);
  const out = fromGeos(value);
  free(value);
  return out;
}

/** GEOS OverlayNG `a ∩ b`, its polygonal part, or `null` when empty. Inputs must be valid. */
export function intersection(a: Polygonal, b: Polygonal): Polygonal | null {
  return binary(a, b, 'GEOSIntersection');
}

/** GEOS OverlayNG `a ∪ b`. Inputs must be valid. */
export function union(a: Polygonal, b: Polygonal): Polygonal | null {
  return binary(a, b, 'GEOSUnion');
}

/** GEOS OverlayNG `a − b`, or `null` when empty. Inputs must be valid. */
export function difference(a: Polygonal, b: Polygonal): Polygonal | null {
  return binary(a, b, 'GEOSDifference');
}

/** GEOS `UnaryUnion` of many valid geometries at once (cascaded, much faster than a chain of unions). */
export function unionAll(geometries: readonly Polygonal[]): Polygonal | null {
  const collection = collectionOf(geometries.map((geometry, i) => read(geometry, `geometry #${i}`)));
  const { value, error } = call((m) => m.GEOSUnaryUnion(collection));
  free(collection);
  if (!value) throw new Error(`@wangge/reference: UnaryUnion failed: ${error}`);
  const out = fromGeos(value);
  free(value);
  return out;
}
