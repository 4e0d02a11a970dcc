import { principalAngle } from '@wangge/core/internal';
import { snapCoordinate } from '@wangge/geometry';
import type { Position } from 'geojson';

/**
 * Cutting a simple polygon (one ring, no holes) by a straight line, for splitting heavy units. Each
 * crossing of the line with a ring edge is computed once and used by both sides, so the two sides share
 * their cut exactly; the crossings are recorded so that every other ring using that edge (a
 * neighbouring unit, a grid, a parent) can be given the same vertex ({@link VertexInsertions}), keeping
 * the whole plan a conforming mesh.
 */

/** Side of the hash cells new vertices are kept in, degrees. */
const CELL = 0.005;
/**
 * A new vertex this close to an edge (in degrees: two steps of the kernel's 1e-9° grid, about 0.2 mm)
 * lies on it. Cut vertices are snapped to that grid, as units and the kernel's grids are, so a vertex
 * on an edge is up to a grid step off its line.
 */
const ON_EDGE = 2e-9;

/**
 * The vertices cuts added. Every ring run through {@link apply} gets each of them that lies on one of
 * its edges (strictly inside it, within about a micrometre), in order along the edge, so every ring
 * that shares a stretch of boundary with a cut unit ends up with the same vertices along it.
 */
export class VertexInsertions {
  private readonly cells = new Map<string, Position[]>();
  private count = 0;

  /** Records a new vertex. */
  add(point: Position): void {
    const k = `${Math.floor(point[0] / CELL)},${Math.floor(point[1] / CELL)}`;
    const list = this.cells.get(k) ?? [];
    list.push(point);
    this.cells.set(k, list);
    this.count++;
  }

  /** Vertices recorded so far. */
  get size(): number {
    return this.count;
  }

  /** A closed ring with every recorded vertex that lies on one of its edges inserted there. */
  apply(ring: readonly Position[]): Position[] {
    if (this.count === 0) return withoutRepeats([...ring]);
    const out: Position[] = [ring[0]];
    for (let i = 0; i + 1 < ring.length; i++) {
      const [p, q] = [ring[i], ring[i + 1]];
      const dx = q[0] - p[0];
      const dy = q[1] - p[1];
      const length2 = dx * dx + dy * dy;
      const found: Array<[number, Position]> = [];
      if (length2 > 0) {
        for (
          let cx = Math.floor(Math.min(p[0], q[0]) / CELL);
          cx <= Math.floor(Math.max(p[0], q[0]) / CELL);
          cx++
        ) {
          for (
            let cy = Math.floor(Math.min(p[1], q[1]) / CELL);
            cy <= Math.floor(Math.max(p[1], q[1]) / CELL);
            cy++
          ) {
            for (const r of this.cells.get(`${cx},${cy}`) ?? []) {
              const t = ((r[0] - p[0]) * dx + (r[1] - p[1]) * dy) / length2;
              if (t <= 0 || t >= 1) continue;
              const off = Math.abs((r[0] - p[0]) * dy - (r[1] - p[1]) * dx) / Math.sqrt(length2);
              if (off > ON_EDGE) continue;
              if ((r[0] === p[0] && r[1] === p[1]) || (r[0] === q[0] && r[1] === q[1])) continue;
              found.push([t, r]);
            }
          }
        }
      }
      found.sort((a, b) => a[0] - b[0]);
      for (const [, r] of found) out.push(r);
      out.push(q);
    }
    return withoutRepeats(out);
  }
}

/**
 * Cuts a closed ring by the line `nx·x + ny·y = c` into the rings on its negative and positive sides
 * (orientation kept). Crossings are recorded in `insertions`. Returns null when the line misses the
 * ring's interior.
 */
export function cutRing(
  ring: readonly Position[],
  nx: number,
  ny: number,
  c: number,
  insertions: VertexInsertions,
): [Position[][], Position[][]] | null {
  const m = ring.length - 1;
  let side = ring.slice(0, m).map((p) => nx * p[0] + ny * p[1] - c);
  // No vertex exactly on the line: shift the line by a hair until none is.
  let scale = 0;
  for (const p of ring) scale = Math.max(scale, Math.abs(nx * p[0] + ny * p[1]));
  let shift = 0;
  while (side.some((s) => s === 0)) {
    shift = shift === 0 ? scale * 1e-12 : shift * 2;
    side = ring.slice(0, m).map((p) => nx * p[0] + ny * p[1] - (c + shift));
  }
  if (side.every((s) => s < 0) || side.every((s) => s > 0)) return null;
  // The ring with crossings inserted; each crossing knows its position along the line.
  const points: Position[] = [];
  const along: number[] = [];
  const crossingAt: number[] = [];
  for (let i = 0; i < m; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % m];
    points.push(p);
    along.push(Number.NaN);
    const sp = side[i];
    const sq = side[(i + 1) % m];
    if (sp < 0 !== sq < 0) {
      const t = sp / (sp - sq);
      // On the kernel's grid, like every other vertex of the units and of a partition's grids.
      const x: Position = [
        snapCoordinate(p[0] + t * (q[0] - p[0])),
        snapCoordinate(p[1] + t * (q[1] - p[1])),
      ];
      insertions.add(x);
      crossingAt.push(points.length);
      points.push(x);
      along.push(-ny * x[0] + nx * x[1]);
    }
  }
  // Crossings in order along the line pair up as the chords inside the polygon.
  const sorted = [...crossingAt].sort((a, b) => along[a] - along[b] || a - b);
  const partner = new Map<number, number>();
  for (let i = 0; i + 1 < sorted.length; i += 2) {
    partner.set(sorted[i], sorted[i + 1]);
    partner.set(sorted[i + 1], sorted[i]);
  }
  const n = points.length;
  const sideOf = (k: number) => {
    // Original vertices only (crossings lie on the line).
    const original = k - crossingAt.filter((c) => c < k).length;
    return side[original] < 0 ? 0 : 1;
  };
  const isCrossing = new Set(crossingAt);
  const out: [Position[][], Position[][]] = [[], []];
  const seen = new Uint8Array(n);
  for (let start = 0; start < n; start++) {
    if (isCrossing.has(start) || seen[start]) continue;
    const s = sideOf(start);
    const traced: Position[] = [];
    let k = start;
    for (let guard = 0; guard <= 2 * n; guard++) {
      seen[k] = 1;
      traced.push(points[k]);
      if (isCrossing.has(k)) {
        // Leaving this side: along the chord to the partner crossing, then on along the ring.
        const j = partner.get(k)!;
        traced.push(points[j]);
        k = (j + 1) % n;
      } else k = (k + 1) % n;
      if (k === start) break;
    }
    traced.push(traced[0]);
    out[s].push(withoutRepeats(traced));
  }
  return out;
}

/** A closed ring without consecutive repeated positions (a crossing that rounds onto a vertex). */
function withoutRepeats(ring: Position[]): Position[] {
  const out = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]);
  return out;
}

/** An entity of a unit, for choosing cuts: position, load and building group. */
export interface CutPoint {
  x: number;
  y: number;
  load: number;
  group: number;
}

/** A cutting line `nx·x + ny·y = c` (x, y in degrees). */
export type CutLine = [nx: number, ny: number, c: number];

/**
 * A line through a gap between groups (buildings) that puts about `low` of the points' load on its
 * negative side, across their principal axis where it can (then across other directions when buildings
 * block every cut there); null when no such gap exists.
 */
export function chooseCut(points: readonly CutPoint[], low: number): CutLine | null {
  const cosLat = Math.cos((points[0].y * Math.PI) / 180);
  const principal = principalAngle(
    points.length,
    (i) => points[i].x * cosLat,
    (i) => points[i].y,
  );
  return bestCut(points, low, [
    principal,
    principal + Math.PI / 2,
    principal + Math.PI / 4,
    principal - Math.PI / 4,
  ]);
}

/**
 * A line across the direction `(dx, dy)` (x in degrees of longitude × cos(latitude), y in degrees of
 * latitude) through a gap between groups, putting about `near` of the points' load on the side the
 * direction points to, which is the line's negative side; it tilts by up to 45° when buildings block the
 * straight cut. Null when no such gap exists.
 */
export function cutToward(points: readonly CutPoint[], near: number, dx: number, dy: number): CutLine | null {
  // The negative side of a normal pointing away from the target is the side nearest it.
  const away = Math.atan2(-dy, -dx);
  return bestCut(points, near, [
    away,
    away + Math.PI / 8,
    away - Math.PI / 8,
    away + Math.PI / 4,
    away - Math.PI / 4,
  ]);
}

/** The cut among `angles` (of the line's normal, in the local metric) nearest `low`; earlier angles win ties. */
function bestCut(points: readonly CutPoint[], low: number, angles: readonly number[]): CutLine | null {
  const cosLat = Math.cos((points[0].y * Math.PI) / 180);
  let best: { diff: number; cut: CutLine } | null = null;
  for (const angle of angles) {
    const found = cutAcross(points, low, Math.cos(angle) * cosLat, Math.sin(angle));
    if (found !== null && (best === null || found.diff < best.diff - 1e-9)) best = found;
  }
  return best?.cut ?? null;
}

/** The best clean cut with normal (nx, ny): between groups, its negative side nearest `low`; null when none. */
function cutAcross(
  points: readonly CutPoint[],
  low: number,
  nx: number,
  ny: number,
): { diff: number; cut: CutLine } | null {
  const groups = new Map<number, { lo: number; hi: number; load: number }>();
  for (const p of points) {
    const v = nx * p.x + ny * p.y;
    const g = groups.get(p.group);
    if (g === undefined) groups.set(p.group, { lo: v, hi: v, load: p.load });
    else {
      g.lo = Math.min(g.lo, v);
      g.hi = Math.max(g.hi, v);
      g.load += p.load;
    }
  }
  const order = [...groups.values()].sort((a, b) => a.lo - b.lo || a.hi - b.hi);
  if (order.length < 2) return null;
  let best = -1;
  let bestDiff = Number.POSITIVE_INFINITY;
  let bestAt = 0;
  let acc = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (let i = 0; i + 1 < order.length; i++) {
    acc += order[i].load;
    reach = Math.max(reach, order[i].hi);
    // A clean gap: everything before ends before everything after begins.
    if (reach >= order[i + 1].lo) continue;
    const diff = Math.abs(acc - low);
    if (diff < bestDiff) {
      best = i;
      bestDiff = diff;
      bestAt = (reach + order[i + 1].lo) / 2;
    }
  }
  return best < 0 ? null : { diff: bestDiff, cut: [nx, ny, bestAt] };
}
