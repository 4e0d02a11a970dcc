/**
 * The validity checker's pairs of edges: every pair whose boxes meet, classified exactly (a proper
 * crossing, a touch, a collinear overlap, running back along itself) and gathered per ring and per part.
 */
import type { Position } from 'geojson';
import { intersectionPoint } from '../intersect';
import { onSegment, orientSign, SegmentRelation, segmentRelation } from '../predicates';
import type { ValidityProblem } from '../validity';
import type { ValidityRings } from './validityRings';

/** Crossings, touches and overlaps found between pairs of edges, gathered per ring and per part. */
export class PairState {
  /** Per ring: where it meets itself (`cross`: a proper crossing). */
  readonly selfEvents: Array<Array<{ at: Position; cross: boolean }>>;
  /** Per ring: the stretches it runs back along (spikes and cut lines), as `[x0, y0, x1, y1]`. */
  readonly spikes: number[][][];
  /** Rings of one part that cross or overlap (so nesting tests skip them). */
  readonly crossed = new Set<string>();
  /** Rings of one part whose boundaries meet in any way, `"i:j"` with `i < j`. */
  readonly met = new Set<string>();
  /** Parts that cross, overlap or share an edge. */
  readonly partsMet = new Set<string>();
  /** Touch points between different rings of a part: key → rings. */
  readonly touches = new Map<string, { part: number; at: Position; rings: Set<number> }>();

  constructor(readonly rings: ValidityRings) {
    this.selfEvents = Array.from({ length: rings.count }, () => []);
    this.spikes = Array.from({ length: rings.count }, () => []);
  }

  /** Whether ring `r` meets itself anywhere but along its spikes. */
  selfCount(r: number): number {
    return this.selfEvents[r].filter((e) => e.cross || !this.onSpike(r, e.at)).length;
  }

  private onSpike(r: number, at: Position): boolean {
    return this.spikes[r].some((s) => onSegment(s[0], s[1], s[2], s[3], at[0], at[1]));
  }

  report(problems: ValidityProblem[]): void {
    const { rings } = this;
    for (let r = 0; r < rings.count; r++) {
      const where = { part: rings.part[r], ring: rings.ringInPart[r] };
      if (this.spikes[r].length > 0) {
        const s = this.spikes[r][0];
        problems.push({
          reason: 'spike',
          severity: 'error',
          message: 'the ring folds back along itself (a spike or a cut line)',
          location: [s[0], s[1]],
          ...where,
        });
      }
      const events = this.selfEvents[r].filter((e) => e.cross || !this.onSpike(r, e.at));
      if (events.length > 0) {
        const bowTie = events.length === 1 && events[0].cross;
        problems.push({
          reason: 'self-intersection',
          severity: 'error',
          message: bowTie
            ? 'the ring crosses itself once (a bow-tie)'
            : `the ring meets itself ${events.length} times`,
          location: events[0].at,
          ...where,
        });
      }
    }
    // A cycle of rings joined at touch points cuts the interior apart.
    const byPart = new Map<number, Array<{ at: Position; rings: Set<number> }>>();
    for (const t of [...this.touches.values()]) {
      if (t.rings.size < 2) continue;
      const list = byPart.get(t.part) ?? [];
      list.push(t);
      byPart.set(t.part, list);
    }
    for (const [part, list] of byPart) {
      const parent = new Map<number, number>();
      const find = (r: number): number => {
        let x = r;
        while ((parent.get(x) ?? x) !== x) x = parent.get(x)!;
        return x;
      };
      let cut: Position | null = null;
      for (const t of list) {
        const [first, ...rest] = [...t.rings].sort((a, b) => a - b);
        for (const r of rest) {
          const a = find(first);
          const b = find(r);
          if (a === b) cut ??= t.at;
          else parent.set(Math.max(a, b), Math.min(a, b));
        }
      }
      if (cut !== null) {
        problems.push({
          reason: 'disconnected-interior',
          severity: 'error',
          message: 'rings touching at several points cut the interior apart',
          location: cut,
          part,
          ring: -1,
        });
      }
    }
  }
}

/** Calls `visit(i, j)` for every pair of edges whose boxes meet, each pair once (sweep by left end). */
export function forEachCandidatePair(rings: ValidityRings, visit: (i: number, j: number) => void): void {
  const { ex, edgeCount } = rings;
  const minX = new Float64Array(edgeCount);
  const maxX = new Float64Array(edgeCount);
  const minY = new Float64Array(edgeCount);
  const maxY = new Float64Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    minX[e] = Math.min(ex[4 * e], ex[4 * e + 2]);
    maxX[e] = Math.max(ex[4 * e], ex[4 * e + 2]);
    minY[e] = Math.min(ex[4 * e + 1], ex[4 * e + 3]);
    maxY[e] = Math.max(ex[4 * e + 1], ex[4 * e + 3]);
  }
  const order = Int32Array.from({ length: edgeCount }, (_, i) => i).sort(
    (i, j) => minX[i] - minX[j] || i - j,
  );
  for (let p = 0; p < edgeCount; p++) {
    const i = order[p];
    for (let q = p + 1; q < edgeCount; q++) {
      const j = order[q];
      if (minX[j] > maxX[i]) break;
      if (minY[j] <= maxY[i] && minY[i] <= maxY[j]) visit(Math.min(i, j), Math.max(i, j));
    }
  }
}

function key(p: Position): string {
  return `${p[0]},${p[1]}`;
}

/** The common point of two edges that touch: an end of one lying on the other. */
function touchPoint(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): Position {
  if (onSegment(cx, cy, dx, dy, ax, ay)) return [ax, ay];
  if (onSegment(cx, cy, dx, dy, bx, by)) return [bx, by];
  if (onSegment(ax, ay, bx, by, cx, cy)) return [cx, cy];
  return [dx, dy];
}

/** The common stretch of two collinear overlapping edges, as `[x0, y0, x1, y1]`. */
function overlapStretch(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): number[] {
  const ends: Position[] = [];
  if (onSegment(cx, cy, dx, dy, ax, ay)) ends.push([ax, ay]);
  if (onSegment(cx, cy, dx, dy, bx, by)) ends.push([bx, by]);
  if (onSegment(ax, ay, bx, by, cx, cy)) ends.push([cx, cy]);
  if (onSegment(ax, ay, bx, by, dx, dy)) ends.push([dx, dy]);
  ends.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return [ends[0][0], ends[0][1], ends[ends.length - 1][0], ends[ends.length - 1][1]];
}

/** Same-direction test of two collinear edges `a → b` and `c → d`. */
function sameDirection(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  return Math.sign(bx - ax) === Math.sign(dx - cx) && Math.sign(by - ay) === Math.sign(dy - cy);
}

export function classifyPair(
  rings: ValidityRings,
  i: number,
  j: number,
  state: PairState,
  problems: ValidityProblem[],
): void {
  const { ex, edgeRing, edgeIndex, ringEdgeCount, part, ringInPart, orientation } = rings;
  const ax = ex[4 * i];
  const ay = ex[4 * i + 1];
  const bx = ex[4 * i + 2];
  const by = ex[4 * i + 3];
  const cx = ex[4 * j];
  const cy = ex[4 * j + 1];
  const dx = ex[4 * j + 2];
  const dy = ex[4 * j + 3];
  const ri = edgeRing[i];
  const rj = edgeRing[j];
  if (ri === rj) {
    const n = ringEdgeCount[ri];
    const gap = Math.abs(edgeIndex[i] - edgeIndex[j]);
    if (gap === 1 || gap === n - 1) {
      // Neighbours along the ring share one vertex; they fold back when collinear and pointing back.
      const first = edgeIndex[i] + 1 === edgeIndex[j] ? i : j;
      const second = first === i ? j : i;
      const px = ex[4 * first];
      const py = ex[4 * first + 1];
      const vx = ex[4 * first + 2];
      const vy = ex[4 * first + 3];
      const qx = ex[4 * second + 2];
      const qy = ex[4 * second + 3];
      if (
        orientSign(px, py, vx, vy, qx, qy) === 0 &&
        Math.sign(px - vx) === Math.sign(qx - vx) &&
        Math.sign(py - vy) === Math.sign(qy - vy)
      ) {
        // The retraced stretch runs from the tip to the nearer of the two far ends.
        const pNear = Math.abs(px - vx) + Math.abs(py - vy) <= Math.abs(qx - vx) + Math.abs(qy - vy);
        state.spikes[ri].push([vx, vy, pNear ? px : qx, pNear ? py : qy]);
      }
      return;
    }
    const relation = segmentRelation(ax, ay, bx, by, cx, cy, dx, dy);
    if (relation === SegmentRelation.DISJOINT) return;
    if (relation === SegmentRelation.OVERLAP && !sameDirection(ax, ay, bx, by, cx, cy, dx, dy)) {
      state.spikes[ri].push(overlapStretch(ax, ay, bx, by, cx, cy, dx, dy));
      return;
    }
    const cross = relation === SegmentRelation.CROSS;
    const at = cross
      ? (intersectionPoint(ax, ay, bx, by, cx, cy, dx, dy, [0, 0]) as Position)
      : touchPoint(ax, ay, bx, by, cx, cy, dx, dy);
    state.selfEvents[ri].push({ at, cross });
    return;
  }
  const relation = segmentRelation(ax, ay, bx, by, cx, cy, dx, dy);
  if (relation === SegmentRelation.DISJOINT) return;
  const at =
    relation === SegmentRelation.CROSS
      ? (intersectionPoint(ax, ay, bx, by, cx, cy, dx, dy, [0, 0]) as Position)
      : touchPoint(ax, ay, bx, by, cx, cy, dx, dy);
  if (part[ri] === part[rj]) {
    state.met.add(`${Math.min(ri, rj)}:${Math.max(ri, rj)}`);
    if (relation === SegmentRelation.TOUCH) {
      const k = `${part[ri]}:${key(at)}`;
      const t = state.touches.get(k) ?? { part: part[ri], at, rings: new Set<number>() };
      t.rings.add(ri);
      t.rings.add(rj);
      state.touches.set(k, t);
      return;
    }
    const pairKey = `${ri}:${rj}`;
    if (state.crossed.has(pairKey)) return;
    state.crossed.add(pairKey);
    const hole = ringInPart[ri] === 0 || ringInPart[rj] === 0 ? 'crosses its shell' : 'crosses another hole';
    problems.push({
      reason: 'ring-crossing',
      severity: 'error',
      message: relation === SegmentRelation.OVERLAP ? `a hole runs along another ring` : `a hole ${hole}`,
      location: at,
      part: part[ri],
      ring: Math.max(ringInPart[ri], ringInPart[rj]),
    });
    return;
  }
  if (relation === SegmentRelation.TOUCH) return;
  const pairKey = `${part[ri]}:${part[rj]}`;
  if (state.partsMet.has(pairKey)) return;
  state.partsMet.add(pairKey);
  // Interiors on opposite sides of a shared stretch: the parts only share an edge.
  const si = orientation[ri] * (ringInPart[ri] === 0 ? 1 : -1);
  const sj = orientation[rj] * (ringInPart[rj] === 0 ? 1 : -1);
  const opposite = sameDirection(ax, ay, bx, by, cx, cy, dx, dy) !== (si === sj);
  const shares = relation === SegmentRelation.OVERLAP && opposite;
  problems.push({
    reason: shares ? 'parts-share-edge' : 'overlapping-parts',
    severity: 'error',
    message: shares
      ? `polygons ${part[ri]} and ${part[rj]} share an edge (they should be one polygon)`
      : `polygons ${part[ri]} and ${part[rj]} overlap`,
    location: at,
    part: part[rj],
    ring: ringInPart[rj],
  });
}
