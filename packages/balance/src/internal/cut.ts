import type { Position } from 'geojson';

/**
 * Cutting a simple polygon (one ring, no holes) by a straight line, for splitting heavy units. Each
 * crossing of the line with a ring edge is computed once and used by both sides, so the two sides share
 * their cut exactly; the crossings are recorded per edge so that every other ring using that edge (a
 * neighbouring unit, a grid, a parent) can be given the same vertex ({@link VertexInsertions}), keeping
 * the whole plan a conforming mesh.
 */

const key = (p: Position, q: Position) => `${p[0]},${p[1]};${q[0]},${q[1]}`;
/** The key of an edge whichever way it is walked. */
const edgeKey = (p: Position, q: Position) => {
  const [first] = [key(p, q), key(q, p)].sort();
  return first;
};

/** New vertices on existing edges, by undirected edge. */
export class VertexInsertions {
  private readonly onEdge = new Map<string, Position[]>();

  /** Records that `point` now lies on the edge from `p` to `q`. */
  add(p: Position, q: Position, point: Position): void {
    const k = edgeKey(p, q);
    const list = this.onEdge.get(k) ?? [];
    list.push(point);
    this.onEdge.set(k, list);
  }

  /** Whether anything was recorded. */
  get size(): number {
    return this.onEdge.size;
  }

  /** A closed ring with every recorded vertex inserted into its edges (recursively, in order along each edge). */
  apply(ring: readonly Position[]): Position[] {
    const out: Position[] = [ring[0]];
    for (let i = 0; i + 1 < ring.length; i++) this.expand(ring[i], ring[i + 1], out);
    return out;
  }

  private expand(p: Position, q: Position, out: Position[]): void {
    const k = edgeKey(p, q);
    const inner = this.onEdge.get(k);
    if (inner === undefined) {
      out.push(q);
      return;
    }
    const d = (r: Position) => (r[0] - p[0]) ** 2 + (r[1] - p[1]) ** 2;
    const points = [...inner].sort((a, b) => d(a) - d(b));
    let from = p;
    for (const r of points) {
      this.expand(from, r, out);
      from = r;
    }
    this.expand(from, q, out);
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
      const x: Position = [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
      insertions.add(p, q, x);
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
    out[s].push(traced);
  }
  return out;
}
