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
 *
 * This module merges the fragments into edges; `halfEdges.ts` links them (rotation, cycles, components),
 * `enclosing.ts` nests the components, `labels.ts` labels the faces.
 */

import { linkHalfEdges } from './halfEdges';
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
