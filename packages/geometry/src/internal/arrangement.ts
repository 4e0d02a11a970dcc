/**
 * The arrangement (planar graph) of noded fragments, as half-edges over typed arrays, with every face
 * labelled by the winding number of every input around it.
 *
 * - Fragments are merged into undirected edges; each edge keeps, per input, its net use `lo → hi` minus
 *   `hi → lo` (its winding step). Edges whose every step is zero cancel and are dropped, so every edge
 *   left separates two faces whose labels differ.
 * - Half-edges `2k` (`lo → hi`) and `2k + 1` (`hi → lo`) of edge `k`. Around each vertex the outgoing
 *   half-edges are sorted counter-clockwise, exactly (half-plane, then orientation: no `atan2`); the face
 *   cycle after `u → v` leaves `v` by the first half-edge clockwise from `v → u`.
 * - Each connected component's outer cycle is the one on the west side of its lowest-leftmost vertex; it
 *   is a hole of the face that encloses the component, found by the nearest edge due west (exact).
 * - Labels spread from the unbounded face (winding 0 for all inputs) across every half-edge:
 *   `w(right) = w(left) − step`.
 */
import Flatbush from 'flatbush';
import { orientSign } from '../predicates';
import { EdgeTable, VertexTable } from './hash';
import type { Noded } from './noder';

/** A labelled arrangement; see the module comment. Face 0 is the unbounded face. */
export interface Arrangement {
  /** Interleaved integer coordinates of every vertex. */
  xy: Float64Array;
  vertexCount: number;
  /** Ends of each kept edge (`lo < hi`). */
  edgeLo: Int32Array;
  edgeHi: Int32Array;
  edgeCount: number;
  /** Winding steps of edge `k`: inputs `stepInput[stepStart[k] .. stepStart[k+1])`, ascending. */
  stepStart: Int32Array;
  stepInput: Int32Array;
  stepValue: Int32Array;
  /** Next half-edge along the face cycle, per half-edge. */
  next: Int32Array;
  /** Face on the left of each half-edge. */
  faceOf: Int32Array;
  /** Number of faces, the unbounded face 0 included. */
  faceCount: number;
  /** A half-edge of each cycle bounding face `f`: `cycleEdge[faceCycleStart[f] .. faceCycleStart[f+1])`; for a bounded face its outer cycle first. */
  faceCycleStart: Int32Array;
  cycleEdge: Int32Array;
  /** Winding label of face `f`: pairs `labelInput/labelValue[labelStart[f] .. labelStart[f+1])`, inputs ascending, zero windings left out. */
  labelStart: Int32Array;
  labelInput: Int32Array;
  labelValue: Int32Array;
}

/** The origin vertex of half-edge `h`. */
export function originOf(a: Arrangement, h: number): number {
  return h & 1 ? a.edgeHi[h >> 1] : a.edgeLo[h >> 1];
}

/**
 * Builds the labelled arrangement of noded fragments (see {@link snapRound}): each fragment is hashed
 * once and adds one step per input segment its distinct segment stands for.
 */
export function buildArrangement(noded: Noded): Arrangement {
  const segs = noded.fragments;
  const { copyStart, copyInput, copyReversed } = noded;
  const vertices = new VertexTable(segs.count + 16);
  const table = new EdgeTable(segs.count + 16);
  // Steps per edge slot as linked lists: input, value, next.
  let stepIn: Int32Array = new Int32Array(segs.count + 16);
  let stepVal: Int32Array = new Int32Array(segs.count + 16);
  let stepNext: Int32Array = new Int32Array(segs.count + 16);
  let head = new Int32Array(segs.count + 16).fill(-1);
  let steps = 0;
  const xy = segs.xy;
  for (let s = 0; s < segs.count; s++) {
    const a = vertices.idOf(xy[4 * s], xy[4 * s + 1]);
    const b = vertices.idOf(xy[4 * s + 2], xy[4 * s + 3]);
    if (a === b) continue;
    const e = table.add(a, b, 0);
    if (e >= head.length) {
      const grown = new Int32Array(head.length * 2).fill(-1);
      grown.set(head);
      head = grown;
    }
    const u = segs.input[s];
    for (let c = copyStart[u]; c < copyStart[u + 1]; c++) {
      const input = copyInput[c];
      const value = (a < b ? 1 : -1) * (copyReversed[c] === 1 ? -1 : 1);
      let k = head[e];
      while (k >= 0 && stepIn[k] !== input) k = stepNext[k];
      if (k >= 0) {
        stepVal[k] += value;
        continue;
      }
      if (steps === stepIn.length) {
        stepIn = grow(stepIn);
        stepVal = grow(stepVal);
        stepNext = grow(stepNext);
      }
      stepIn[steps] = input;
      stepVal[steps] = value;
      stepNext[steps] = head[e];
      head[e] = steps++;
    }
  }
  // Keep the edges with a non-zero step; their steps sorted by input (insertion sort: one or two each).
  const keptLo = new Int32Array(table.size);
  const keptHi = new Int32Array(table.size);
  const stepStart = new Int32Array(table.size + 1);
  const stepInput = new Int32Array(steps);
  const stepValue = new Int32Array(steps);
  let kept = 0;
  let n = 0;
  for (let e = 0; e < table.size; e++) {
    const first = n;
    for (let k = head[e]; k >= 0; k = stepNext[k]) {
      if (stepVal[k] === 0) continue;
      let j = n++;
      while (j > first && stepInput[j - 1] > stepIn[k]) {
        stepInput[j] = stepInput[j - 1];
        stepValue[j] = stepValue[j - 1];
        j--;
      }
      stepInput[j] = stepIn[k];
      stepValue[j] = stepVal[k];
    }
    if (n === first) continue;
    keptLo[kept] = table.lo[e];
    keptHi[kept] = table.hi[e];
    stepStart[++kept] = n;
  }
  const arrangement: Arrangement = {
    xy: vertices.xy.slice(0, 2 * vertices.size),
    vertexCount: vertices.size,
    edgeLo: keptLo.subarray(0, kept),
    edgeHi: keptHi.subarray(0, kept),
    edgeCount: kept,
    stepStart: stepStart.subarray(0, kept + 1),
    stepInput: stepInput.subarray(0, n),
    stepValue: stepValue.subarray(0, n),
    next: new Int32Array(0),
    faceOf: new Int32Array(0),
    faceCount: 1,
    faceCycleStart: new Int32Array(2),
    cycleEdge: new Int32Array(0),
    labelStart: new Int32Array(2),
    labelInput: new Int32Array(0),
    labelValue: new Int32Array(0),
  };
  linkHalfEdges(arrangement);
  return arrangement;
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Rotation at every vertex, face cycles, components, enclosing faces and labels. */
function linkHalfEdges(arr: Arrangement): void {
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

/**
 * The face enclosing each component: the face east of the nearest edge of another component due west of
 * its lowest-leftmost vertex (0 when there is none), resolved through components that are themselves
 * enclosed.
 */
function enclosingFaces(
  arr: Arrangement,
  components: number[],
  componentOf: Int32Array,
  find: (v: number) => number,
  cycleOf: Int32Array,
  cycleFace: Int32Array,
  isOuter: Int32Array,
): Int32Array {
  const n = components.length;
  const result = new Int32Array(n).fill(-1);
  if (n <= 1) return result.fill(0);
  const { xy, edgeLo, edgeHi, edgeCount } = arr;
  const tree = new Flatbush(edgeCount);
  let minX = Number.POSITIVE_INFINITY;
  for (let k = 0; k < edgeCount; k++) {
    const ax = xy[2 * edgeLo[k]];
    const ay = xy[2 * edgeLo[k] + 1];
    const bx = xy[2 * edgeHi[k]];
    const by = xy[2 * edgeHi[k] + 1];
    minX = Math.min(minX, ax, bx);
    tree.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  tree.finish();
  // The half-edge east of the nearest edge west of each component, or -1.
  const westOf = new Int32Array(n).fill(-1);
  for (let c = 0; c < n; c++) {
    const v = components[c];
    const vx = xy[2 * v];
    const vy = xy[2 * v + 1];
    let best = -1;
    for (const k of tree.search(minX, vy, vx, vy)) {
      if (componentOf[find(edgeLo[k])] === c) continue;
      const lo = xy[2 * edgeLo[k] + 1] <= xy[2 * edgeHi[k] + 1] ? edgeLo[k] : edgeHi[k];
      const hi = lo === edgeLo[k] ? edgeHi[k] : edgeLo[k];
      if (!(xy[2 * lo + 1] <= vy && vy < xy[2 * hi + 1])) continue;
      if (orientSign(xy[2 * lo], xy[2 * lo + 1], xy[2 * hi], xy[2 * hi + 1], vx, vy) >= 0) continue;
      if (best < 0 || isEastOf(xy, lo, hi, edgeLo[best], edgeHi[best])) best = k;
    }
    if (best < 0) continue;
    // The half-edge running down (its left side faces east).
    const down = xy[2 * edgeLo[best] + 1] > xy[2 * edgeHi[best] + 1] ? 2 * best : 2 * best + 1;
    westOf[c] = down;
  }
  for (let c = 0; c < n; c++) {
    const chain: number[] = [];
    let d = c;
    let face = -1;
    while (face < 0) {
      if (result[d] >= 0) {
        face = result[d];
        break;
      }
      chain.push(d);
      const h = westOf[d];
      if (h < 0) {
        face = 0;
        break;
      }
      const cyc = cycleOf[h];
      if (isOuter[cyc] < 0) face = cycleFace[cyc];
      else d = isOuter[cyc];
    }
    for (const e of chain) result[e] = face;
  }
  return result;
}

/**
 * Whether the upward edge `lo → hi` crosses the line just above the query's height east of the upward
 * edge `p → q` (given as its two ends in any order). Both straddle that line and the two do not cross.
 */
function isEastOf(xy: Float64Array, lo: number, hi: number, p: number, q: number): boolean {
  const l2 = xy[2 * p + 1] <= xy[2 * q + 1] ? p : q;
  const h2 = l2 === p ? q : p;
  if (lo === l2) {
    // A shared lower end: compare the upper ends.
    return orientSign(xy[2 * l2], xy[2 * l2 + 1], xy[2 * h2], xy[2 * h2 + 1], xy[2 * hi], xy[2 * hi + 1]) < 0;
  }
  if (xy[2 * lo + 1] >= xy[2 * l2 + 1]) {
    // `lo` lies within the other edge's height: east of it means right of the upward edge.
    return orientSign(xy[2 * l2], xy[2 * l2 + 1], xy[2 * h2], xy[2 * h2 + 1], xy[2 * lo], xy[2 * lo + 1]) < 0;
  }
  // `l2` lies within this edge's height: this edge is east when `l2` is left of it.
  return orientSign(xy[2 * lo], xy[2 * lo + 1], xy[2 * hi], xy[2 * hi + 1], xy[2 * l2], xy[2 * l2 + 1]) > 0;
}

/** Spreads winding labels from the unbounded face across every half-edge (breadth first). */
function labelFaces(arr: Arrangement): void {
  const { faceCount, faceCycleStart, cycleEdge, next, faceOf, stepStart, stepInput, stepValue } = arr;
  const labels: Array<number[] | null> = new Array(faceCount).fill(null);
  labels[0] = [];
  const queue = [0];
  for (let q = 0; q < queue.length; q++) {
    const f = queue[q];
    const label = labels[f]!;
    for (let c = faceCycleStart[f]; c < faceCycleStart[f + 1]; c++) {
      const first = cycleEdge[c];
      let h = first;
      do {
        const g = faceOf[h ^ 1];
        if (labels[g] === null) {
          // w(right) = w(left) − step of h.
          const k = h >> 1;
          const sign = h & 1 ? -1 : 1;
          labels[g] = combine(label, stepInput, stepValue, stepStart[k], stepStart[k + 1], -sign);
          queue.push(g);
        }
        h = next[h];
      } while (h !== first);
    }
  }
  const labelStart = new Int32Array(faceCount + 1);
  for (let f = 0; f < faceCount; f++) labelStart[f + 1] = labelStart[f] + (labels[f]?.length ?? 0) / 2;
  const labelInput = new Int32Array(labelStart[faceCount]);
  const labelValue = new Int32Array(labelStart[faceCount]);
  for (let f = 0; f < faceCount; f++) {
    const l = labels[f] ?? [];
    for (let i = 0; i < l.length / 2; i++) {
      labelInput[labelStart[f] + i] = l[2 * i];
      labelValue[labelStart[f] + i] = l[2 * i + 1];
    }
  }
  arr.labelStart = labelStart;
  arr.labelInput = labelInput;
  arr.labelValue = labelValue;
}

/** `label + sign · steps`, both sorted by input, zero windings dropped. */
function combine(
  label: number[],
  inputs: Int32Array,
  values: Int32Array,
  from: number,
  to: number,
  sign: number,
): number[] {
  const out: number[] = [];
  let i = 0;
  let k = from;
  while (i < label.length || k < to) {
    if (k >= to || (i < label.length && label[i] < inputs[k])) {
      out.push(label[i], label[i + 1]);
      i += 2;
    } else if (i >= label.length || inputs[k] < label[i]) {
      out.push(inputs[k], sign * values[k]);
      k++;
    } else {
      const w = label[i + 1] + sign * values[k];
      if (w !== 0) out.push(label[i], w);
      i += 2;
      k++;
    }
  }
  return out;
}
