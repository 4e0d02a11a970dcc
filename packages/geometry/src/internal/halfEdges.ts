/**
 * The half-edge structure of an arrangement (see `arrangement.ts`): outgoing half-edges sorted
 * counter-clockwise around each vertex exactly (half-plane, then orientation: no `atan2`), the face cycle
 * after `u → v` leaving `v` by the first half-edge clockwise from `v → u`, connected components and their
 * outer cycles, faces, and then (`enclosing.ts`, `labels.ts`) where components nest and how faces are
 * labelled.
 */
import { orientSign } from '../predicates';
import type { Arrangement } from './arrangement';
import { enclosingFaces } from './enclosing';
import { labelFaces } from './labels';

/** Rotation at every vertex, face cycles, components, enclosing faces and labels. */
export function linkHalfEdges(arr: Arrangement): void {
  const { xy, vertexCount, edgeLo, edgeHi, edgeCount } = arr;
  const halfCount = 2 * edgeCount;
  const target = (h: number) => (h & 1 ? edgeLo[h >> 1] : edgeHi[h >> 1]);
  const origin = (h: number) => (h & 1 ? edgeHi[h >> 1] : edgeLo[h >> 1]);
  // Outgoing half-edges of each vertex, counter-clockwise from due east.
  const vStart = new Int32Array(vertexCount + 1);
  for (let h = 0; h < halfCount; h++) vStart[origin(h) + 1]++;
  for (let v = 0; v < vertexCount; v++) vStart[v + 1] += vStart[v];
  const vOut = new Int32Array(halfCount);
  const fill = vStart.slice(0, vertexCount);
  for (let h = 0; h < halfCount; h++) vOut[fill[origin(h)]++] = h;
  const half = new Uint8Array(halfCount);
  for (let h = 0; h < halfCount; h++) {
    const v = origin(h);
    const w = target(h);
    const dy = xy[2 * w + 1] - xy[2 * v + 1];
    half[h] = dy > 0 || (dy === 0 && xy[2 * w] > xy[2 * v]) ? 0 : 1;
  }
  const pos = new Int32Array(halfCount);
  for (let v = 0; v < vertexCount; v++) {
    const from = vStart[v];
    const to = vStart[v + 1];
    // Sorted in place (insertion sort; most vertices have two or three half-edges). The order matters
    // beyond the cycle: the outer cycle is read off the sorted list at the lowest vertex.
    if (to - from > 1) {
      const vx = xy[2 * v];
      const vy = xy[2 * v + 1];
      for (let i = from + 1; i < to; i++) {
        const h = vOut[i];
        const wh = target(h);
        let j = i - 1;
        while (j >= from) {
          const g = vOut[j];
          let after = half[g] > half[h];
          if (half[g] === half[h]) {
            const wg = target(g);
            const o = orientSign(vx, vy, xy[2 * wg], xy[2 * wg + 1], xy[2 * wh], xy[2 * wh + 1]);
            after = o < 0 || (o === 0 && g > h);
          }
          if (!after) break;
          vOut[j + 1] = g;
          j--;
        }
        vOut[j + 1] = h;
      }
    }
    for (let k = from; k < to; k++) pos[vOut[k]] = k;
  }
  const next = new Int32Array(halfCount);
  for (let h = 0; h < halfCount; h++) {
    const t = h ^ 1;
    const v = origin(t);
    const k = pos[t];
    next[h] = vOut[k === vStart[v] ? vStart[v + 1] - 1 : k - 1];
  }
  arr.next = next;
  // Cycles.
  const cycleOf = new Int32Array(halfCount).fill(-1);
  const cycleFirst: number[] = [];
  for (let h = 0; h < halfCount; h++) {
    if (cycleOf[h] >= 0) continue;
    const c = cycleFirst.length;
    cycleFirst.push(h);
    for (let g = h; cycleOf[g] < 0; g = next[g]) cycleOf[g] = c;
  }
  const cycleCount = cycleFirst.length;
  // Components (union-find over vertices) and the outer cycle of each.
  const parent = new Int32Array(vertexCount);
  for (let v = 0; v < vertexCount; v++) parent[v] = v;
  const find = (v: number): number => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  for (let k = 0; k < edgeCount; k++) {
    const a = find(edgeLo[k]);
    const b = find(edgeHi[k]);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const lowest = new Int32Array(vertexCount).fill(-1);
  for (let v = 0; v < vertexCount; v++) {
    if (vStart[v + 1] === vStart[v]) continue;
    const r = find(v);
    const l = lowest[r];
    if (l < 0 || xy[2 * v] < xy[2 * l] || (xy[2 * v] === xy[2 * l] && xy[2 * v + 1] < xy[2 * l + 1])) {
      lowest[r] = v;
    }
  }
  const components: number[] = [];
  const componentOf = new Int32Array(vertexCount).fill(-1);
  const isOuter = new Int32Array(cycleCount).fill(-1);
  for (let v = 0; v < vertexCount; v++) {
    if (lowest[v] < 0) continue;
    const c = components.length;
    components.push(lowest[v]);
    componentOf[v] = c;
    const u = lowest[v];
    // The wedge due west of the lowest-leftmost vertex lies left of the last upward half-edge.
    let outer = vOut[vStart[u + 1] - 1];
    for (let k = vStart[u]; k < vStart[u + 1]; k++) if (half[vOut[k]] === 0) outer = vOut[k];
    isOuter[cycleOf[outer]] = c;
  }
  // Faces: 0 is unbounded; every cycle that is not an outer cycle bounds a face of its own.
  const cycleFace = new Int32Array(cycleCount).fill(-1);
  let faceCount = 1;
  for (let c = 0; c < cycleCount; c++) if (isOuter[c] < 0) cycleFace[c] = faceCount++;
  const enclosing = enclosingFaces(arr, components, componentOf, find, cycleOf, cycleFace, isOuter);
  for (let c = 0; c < cycleCount; c++) if (isOuter[c] >= 0) cycleFace[c] = enclosing[isOuter[c]];
  const faceOf = new Int32Array(halfCount);
  for (let h = 0; h < halfCount; h++) faceOf[h] = cycleFace[cycleOf[h]];
  arr.faceOf = faceOf;
  arr.faceCount = faceCount;
  // Cycles per face, the outer boundary of a bounded face first.
  const faceCycleStart = new Int32Array(faceCount + 1);
  for (let c = 0; c < cycleCount; c++) faceCycleStart[cycleFace[c] + 1]++;
  for (let f = 0; f < faceCount; f++) faceCycleStart[f + 1] += faceCycleStart[f];
  const cycleEdge = new Int32Array(cycleCount);
  const at = faceCycleStart.slice(0, faceCount);
  for (let c = 0; c < cycleCount; c++) if (isOuter[c] < 0) cycleEdge[at[cycleFace[c]]++] = cycleFirst[c];
  for (let c = 0; c < cycleCount; c++) if (isOuter[c] >= 0) cycleEdge[at[cycleFace[c]]++] = cycleFirst[c];
  arr.faceCycleStart = faceCycleStart;
  arr.cycleEdge = cycleEdge;
  labelFaces(arr);
}
