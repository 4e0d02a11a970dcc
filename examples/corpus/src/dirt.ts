import type { MultiPolygon, Polygon, Position } from 'geojson';

/** How a ring of the corpus is dirty, measured without GEOS (GEOS cannot build some of these rings). */
export interface RingDirt {
  /** Rings of fewer than 4 positions (a closed ring needs 3 corners + the closing one). */
  short: number;
  /** Rings whose last position is not their first. */
  unclosed: number;
  /** Spikes: vertices where the ring turns straight back along the edge it came on. */
  spikes: number;
  /** Consecutive repeated positions. */
  repeats: number;
}

/** Counts the ring-level dirt of one polygonal geometry (see {@link RingDirt}). */
export function ringDirt(geometry: Polygon | MultiPolygon): RingDirt {
  const dirt: RingDirt = { short: 0, unclosed: 0, spikes: 0, repeats: 0 };
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of polygons) {
    for (const ring of rings) {
      if (ring.length < 4) dirt.short++;
      const closed = ring.length > 0 && same(ring[0], ring[ring.length - 1]);
      if (!closed) dirt.unclosed++;
      const corners = distinct(closed ? ring.slice(0, -1) : ring);
      dirt.repeats += (closed ? ring.length - 1 : ring.length) - corners.length;
      const n = corners.length;
      if (n < 3) continue;
      for (let i = 0; i < n; i++) {
        const a = corners[(i + n - 1) % n];
        const b = corners[i];
        const c = corners[(i + 1) % n];
        const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
        const dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
        if (cross === 0 && dot < 0) dirt.spikes++;
      }
    }
  }
  return dirt;
}

function same(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** The ring without consecutive repeats (cyclically). */
function distinct(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) if (out.length === 0 || !same(out[out.length - 1], p)) out.push(p);
  while (out.length > 1 && same(out[0], out[out.length - 1])) out.pop();
  return out;
}
