import type { Position } from 'geojson';
import { ringSignedArea, ringsToPolygons } from './rings';

/**
 * Polygons at the edges of the longitude/latitude map. RFC 7946 asks that a geometry crossing the
 * antimeridian be cut there; real files often are not. A ring two of whose consecutive positions are more
 * than 180° of longitude apart is taken to cross the antimeridian the short way round (the RFC's reading);
 * such a polygon is split at ±180° into parts that each lie within [-180, 180]. A ring that winds round a
 * pole, or any position on a pole, cannot be drawn on this map at all and is refused.
 */

/** What {@link splitAtAntimeridian} makes of one polygon. */
export type AntimeridianResult =
  /** Nothing to do: the polygon neither crosses the antimeridian nor touches a pole. */
  | { kind: 'unchanged' }
  /** The polygon split at ±180°: each part is a polygon (rings, exterior first) within [-180, 180]. */
  | { kind: 'split'; parts: Position[][][] }
  /** The polygon cannot be placed on the map; `message` says why and what to do. */
  | { kind: 'refused'; message: string };

const POLE =
  'touches a pole: wangge works on longitude/latitude maps of governed areas, which never reach a pole; cut the polygon short of it';
const WINDS =
  'winds round a pole (its longitudes run all the way round): a polar cap cannot be a grid on a longitude/latitude map';
const TANGLED =
  'crosses the antimeridian in a way that cannot be split at ±180° (its rings cross the meridian at the same place): split it at ±180° in your GIS, as RFC 7946 asks';

/** True when every position of every ring is a longitude/latitude (else normalisation reports it). */
function isClean(rings: unknown): rings is Position[][] {
  if (!Array.isArray(rings) || rings.length === 0) return false;
  for (const ring of rings) {
    if (!Array.isArray(ring)) return false;
    for (const p of ring) {
      if (!Array.isArray(p) || !(Math.abs(p[0]) <= 180) || !(Math.abs(p[1]) <= 90)) return false;
    }
  }
  return true;
}

/** The ring without its closing position. */
function open(ring: readonly Position[]): Position[] {
  const n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) return ring.slice(0, -1);
  return ring.slice();
}

/** A longitude step as the short way round: in (-180, 180]. */
function shortStep(d: number): number {
  if (d > 180) return d - 360;
  if (d <= -180) return d + 360;
  return d;
}

/**
 * Splits a polygon crossing the antimeridian at ±180°, or refuses a polygon on or around a pole (see the
 * module comment). `rings` are raw GeoJSON rings, exterior first; anything that is not a clean list of
 * numeric positions is left unchanged for normalisation to report.
 */
export function splitAtAntimeridian(rings: unknown): AntimeridianResult {
  if (!isClean(rings)) return { kind: 'unchanged' };
  let crosses = false;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i++) {
      if (Math.abs(ring[i][1]) === 90) return { kind: 'refused', message: POLE };
      const next = ring[(i + 1) % ring.length];
      if (Math.abs(next[0] - ring[i][0]) > 180) crosses = true;
    }
  }
  if (!crosses) return { kind: 'unchanged' };
  // Unwrap every ring into one continuous run of longitudes.
  const unwrapped: Position[][] = [];
  for (const raw of rings) {
    const ring = open(raw);
    if (ring.length < 3) return { kind: 'unchanged' }; // too short: normalisation reports it
    const out: Position[] = [[ring[0][0], ring[0][1]]];
    for (let i = 1; i < ring.length; i++) {
      out.push([out[i - 1][0] + shortStep(ring[i][0] - ring[i - 1][0]), ring[i][1]]);
    }
    const closing = out[out.length - 1][0] + shortStep(ring[0][0] - ring[ring.length - 1][0]);
    if (Math.abs(closing - out[0][0]) > 1e-9) return { kind: 'refused', message: WINDS };
    unwrapped.push(out);
  }
  // Holes move by whole turns next to the exterior; then everything moves so that it crosses +180.
  const centre = (ring: Position[]) =>
    (Math.min(...ring.map((p) => p[0])) + Math.max(...ring.map((p) => p[0]))) / 2;
  const c0 = centre(unwrapped[0]);
  for (let k = 1; k < unwrapped.length; k++) {
    const turns = Math.round((c0 - centre(unwrapped[k])) / 360);
    if (turns !== 0) for (const p of unwrapped[k]) p[0] += 360 * turns;
  }
  const minX = Math.min(...unwrapped.flatMap((r) => r.map((p) => p[0])));
  if (minX < -180) for (const r of unwrapped) for (const p of r) p[0] += 360;
  // Exterior counter-clockwise, holes clockwise: the clip below follows the region on its left.
  unwrapped.forEach((ring, k) => {
    if (ringSignedArea(ring) > 0 !== (k === 0)) ring.reverse();
  });
  const left = clipAt180(unwrapped, 'left');
  const right = clipAt180(unwrapped, 'right');
  if (left === undefined || right === undefined) return { kind: 'refused', message: TANGLED };
  const shifted = right.map((polygon) =>
    polygon.map((ring) => ring.map((p): Position => [p[0] - 360, p[1]])),
  );
  const parts = [...left, ...shifted];
  return parts.length === 0 ? { kind: 'unchanged' } : { kind: 'split', parts };
}

function close(ring: Position[]): Position[] {
  return [...ring, [ring[0][0], ring[0][1]]];
}

/** Where a ring crosses x = 180, and which of the kept pieces starts or ends there. */
interface Crossing {
  y: number;
  entry: boolean;
  piece: number;
}

/**
 * The part of an unwrapped polygon (exterior counter-clockwise, holes clockwise) on one side of x = 180,
 * as polygons. Each ring is cut into pieces on the kept side; walking the new boundary with the region
 * on the left, an exit continues along the meridian to the nearest crossing above it (left side) or
 * below it (right side), which must be an entry. `undefined` when the pieces do not join up that way.
 */
function clipAt180(rings: Position[][], side: 'left' | 'right'): Position[][][] | undefined {
  const inside = (p: Position) => (side === 'left' ? p[0] < 180 : p[0] >= 180);
  const whole: Position[][] = [];
  const pieces: Position[][] = [];
  const crossings: Crossing[] = [];
  for (const ring of rings) {
    const n = ring.length;
    // Start the walk where the ring enters the kept side, so that every piece opens before it closes.
    const start = ring.findIndex((p, i) => inside(p) && !inside(ring[(i + n - 1) % n]));
    if (start < 0) {
      if (inside(ring[0])) whole.push(ring);
      continue;
    }
    let piece: Position[] | undefined;
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n;
      const a = ring[(i + n - 1) % n];
      const b = ring[i];
      if (inside(a) !== inside(b)) {
        const y = b[0] === a[0] ? b[1] : a[1] + ((180 - a[0]) * (b[1] - a[1])) / (b[0] - a[0]);
        const at: Position = [180, y];
        if (inside(b)) {
          piece = [at];
          crossings.push({ y, entry: true, piece: pieces.length });
          pieces.push(piece);
        } else if (piece !== undefined) {
          piece.push(at);
          crossings.push({ y, entry: false, piece: pieces.indexOf(piece) });
          piece = undefined;
        }
      }
      if (inside(b) && piece !== undefined) {
        const last = piece[piece.length - 1];
        if (last[0] !== b[0] || last[1] !== b[1]) piece.push([b[0], b[1]]);
      }
    }
  }
  crossings.sort((a, b) => a.y - b.y || (a.entry === b.entry ? 0 : a.entry === (side === 'left') ? 1 : -1));
  const entryOf = new Map<number, number>();
  const exitAt = new Map<number, number>();
  crossings.forEach((c, i) => {
    if (c.entry) entryOf.set(c.piece, i);
    else exitAt.set(c.piece, i);
  });
  const out: Position[][] = [];
  const used = new Set<number>();
  for (let first = 0; first < pieces.length; first++) {
    if (used.has(first)) continue;
    const ring: Position[] = [];
    let p = first;
    for (let guard = 0; guard <= pieces.length; guard++) {
      if (used.has(p)) return undefined;
      used.add(p);
      ring.push(...pieces[p]);
      const exit = exitAt.get(p);
      if (exit === undefined) return undefined;
      const next = crossings[side === 'left' ? exit + 1 : exit - 1];
      if (next === undefined || !next.entry) return undefined;
      if (next.piece === first) break;
      p = next.piece;
    }
    if (ring.length >= 3 && ringSignedArea(ring) !== 0) out.push(ring);
  }
  if (used.size !== pieces.length) return undefined;
  const all = [...whole, ...out].map(close);
  return ringsToPolygons(
    all.filter((r) => ringSignedArea(r) > 0),
    all.filter((r) => ringSignedArea(r) < 0),
  );
}
