/**
 * From selected faces of an arrangement to valid polygons. The boundary is every half-edge with a
 * selected face on its left and an unselected one on its right; it is walked keeping the selection on
 * the left (at a vertex, the first boundary half-edge clockwise from the way back, so each walk closes the
 * wedge it is in), and walks that pass a vertex twice are split there, so every ring is simple. Holes go
 * to the shell of their polygon: polygons are the groups of selected faces joined across edges, which is
 * what makes the interior of each polygon connected (OGC).
 */
import { type Arrangement, originOf } from './arrangement';
import { ringOrientation, ringsToPolygons } from './rings';

/** Polygons (rings of vertex ids, closed; shells counter-clockwise first, then holes) of the selection. */
export function extractPolygons(arr: Arrangement, selected: Uint8Array): number[][][] {
  return extractParts(arr, selected).parts.flatMap((p) => p.polygons);
}

/**
 * The selection cut into parts, each a group of selected faces joined across edges, with its polygons
 * (one, unless the group only touches itself at vertices) and its faces (arrangement face ids).
 */
export function extractParts(
  arr: Arrangement,
  selected: Uint8Array,
): { parts: Array<{ faces: number[]; polygons: number[][][] }> } {
  const { edgeCount, faceOf, next } = arr;
  const half = 2 * edgeCount;
  const isBoundary = (h: number) => selected[faceOf[h]] === 1 && selected[faceOf[h ^ 1]] !== 1;
  // Polygons: selected faces joined across edges with the selection on both sides.
  const group = new Int32Array(arr.faceCount);
  for (let f = 0; f < arr.faceCount; f++) group[f] = f;
  const find = (f: number): number => {
    while (group[f] !== f) {
      group[f] = group[group[f]];
      f = group[f];
    }
    return f;
  };
  for (let k = 0; k < edgeCount; k++) {
    const f = faceOf[2 * k];
    const g = faceOf[2 * k + 1];
    if (selected[f] === 1 && selected[g] === 1) {
      const a = find(f);
      const b = find(g);
      if (a !== b) group[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const used = new Uint8Array(half);
  const loops: Array<{ ring: number[]; group: number }> = [];
  const walk: number[] = [];
  for (let h0 = 0; h0 < half; h0++) {
    if (used[h0] || !isBoundary(h0)) continue;
    walk.length = 0;
    let h = h0;
    do {
      used[h] = 1;
      walk.push(h);
      let n = next[h];
      while (!isBoundary(n)) n = next[n ^ 1];
      h = n;
    } while (h !== h0 && !used[h]);
    for (const loop of splitWalk(arr, walk)) loops.push({ ring: loop, group: find(faceOf[h0]) });
  }
  const byGroup = new Map<number, Array<{ ring: number[]; group: number }>>();
  for (const loop of loops) {
    const list = byGroup.get(loop.group);
    if (list === undefined) byGroup.set(loop.group, [loop]);
    else list.push(loop);
  }
  const facesOf = new Map<number, number[]>();
  for (let f = 0; f < arr.faceCount; f++) {
    if (selected[f] !== 1) continue;
    const root = find(f);
    const list = facesOf.get(root);
    if (list === undefined) facesOf.set(root, [f]);
    else list.push(f);
  }
  const parts: Array<{ faces: number[]; polygons: number[][][] }> = [];
  for (const [root, list] of byGroup) {
    const polygons = assemble(arr, list);
    if (polygons.length > 0) parts.push({ faces: facesOf.get(root) ?? [], polygons });
  }
  return { parts };
}

/** The polygon(s) of one face: its cycles, split where they touch themselves. */
export function facePolygons(arr: Arrangement, face: number): number[][][] {
  const loops: Array<{ ring: number[]; group: number }> = [];
  const walk: number[] = [];
  for (let c = arr.faceCycleStart[face]; c < arr.faceCycleStart[face + 1]; c++) {
    const first = arr.cycleEdge[c];
    walk.length = 0;
    let h = first;
    do {
      walk.push(h);
      h = arr.next[h];
    } while (h !== first);
    for (const loop of splitWalk(arr, walk)) loops.push({ ring: loop, group: 0 });
  }
  return assemble(arr, loops);
}

/** Position of each vertex on the current path of {@link splitWalk} (-1: not on it), reused. */
let onPath = new Int32Array(0);

/** Splits a closed walk of half-edges at repeated vertices into simple closed rings of vertex ids. */
function splitWalk(arr: Arrangement, walk: readonly number[]): number[][] {
  if (onPath.length < arr.vertexCount) onPath = new Int32Array(arr.vertexCount).fill(-1);
  const out: number[][] = [];
  const path: number[] = [];
  for (const h of walk) {
    const v = originOf(arr, h);
    const seen = onPath[v];
    if (seen >= 0) {
      const loop = path.splice(seen);
      for (const q of loop) onPath[q] = -1;
      if (loop.length >= 3) out.push([...loop, v]);
    }
    onPath[v] = path.length;
    path.push(v);
  }
  for (const q of path) onPath[q] = -1;
  if (path.length >= 3) out.push([...path, path[0]]);
  return out;
}

/** Shells with their holes, per group; a group without exactly one shell falls back to exact nesting. */
function assemble(arr: Arrangement, loops: Array<{ ring: number[]; group: number }>): number[][][] {
  const byGroup = new Map<number, { shells: number[][]; holes: number[][] }>();
  for (const { ring, group } of loops) {
    let g = byGroup.get(group);
    if (g === undefined) {
      g = { shells: [], holes: [] };
      byGroup.set(group, g);
    }
    const o = ringOrientation(ring, arr.xy);
    if (o > 0) g.shells.push(ring);
    else if (o < 0) g.holes.push(ring);
  }
  const polygons: number[][][] = [];
  for (const { shells, holes } of byGroup.values()) {
    if (shells.length === 1) polygons.push([shells[0], ...holes]);
    else polygons.push(...ringsToPolygons([...shells, ...holes], arr.xy).polygons);
  }
  return polygons;
}
