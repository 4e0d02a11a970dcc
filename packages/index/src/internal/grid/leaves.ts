import type { IntList } from './intList';
import {
  compactEdge,
  type GridLayout,
  isCompact,
  LEAF_HEADER,
  leafCell,
  leafSubcell,
  UNBUILT,
} from './layout';

/**
 * The entries of a cell: every part with an edge among `edges[e0..e1]` (ascending, so grouped by
 * ascending part; `edgePart[k]` is the part of `edges[k]`), and every candidate part inside at the
 * reference point (`inside[p] === 1`), ascending.
 */
export function collectEntries(
  edgePart: ArrayLike<number>,
  e0: number,
  e1: number,
  candidates: ArrayLike<number>,
  candidateCount: number,
  inside: Uint8Array,
  out: IntList,
): void {
  out.length = 0;
  for (let k = e0; k < e1; k++) {
    const p = edgePart[k];
    if (out.length === 0 || out.data[out.length - 1] !== p) out.push(p);
  }
  const withEdges = out.length;
  for (let i = 0; i < candidateCount; i++) {
    const p = candidates[i];
    if (inside[p] === 1 && !hasSorted(out.data, withEdges, p)) out.push(p);
  }
  if (out.length > withEdges) out.data.subarray(0, out.length).sort();
}

/** Cells with at most this many edges have their shared segments found (pairwise; a bounded cost). */
const DEDUPE_UP_TO = 24;

/**
 * Writes leaves: a cell's entries with their tags, then its edges. In a cell of up to
 * {@link DEDUPE_UP_TO} edges a segment two parts share (a tiling's shared edge) is stored once, with
 * both owners, so one test flips both; in a crowder cell (refined where points fall) it is stored twice.
 */
export class LeafWriter {
  private readonly entryOf: Int32Array;
  private taken = new Uint8Array(DEDUPE_UP_TO);
  /** Per edge of the cell being written, a key equal for equal segments (either direction). */
  private keys = new Int32Array(DEDUPE_UP_TO);
  /** The low words of the coordinates' bits, for the keys. */
  private readonly bits: Int32Array;

  constructor(
    parts: number,
    private readonly xy: Float64Array,
    private readonly partFeature: Int32Array,
    private readonly wide: boolean,
  ) {
    this.entryOf = new Int32Array(parts).fill(-1);
    this.bits = new Int32Array(xy.buffer, xy.byteOffset, 2 * xy.length);
  }

  /**
   * Appends to `leaves` the leaf of a cell with entries `parts` (ascending), whose edges are
   * `edges[e0..e1]` (ascending, `edgePart[k]` the part of `edges[k]`), `inside[p]` telling whether the
   * reference point is inside part `p`.
   */
  write(
    edges: ArrayLike<number>,
    edgePart: ArrayLike<number>,
    e0: number,
    e1: number,
    parts: IntList,
    inside: Uint8Array,
    leaves: IntList,
  ): void {
    const { entryOf, taken, keys, bits, partFeature, xy } = this;
    const entries = parts.length;
    const compact = isCompact(entries, this.wide);
    leaves.push(entries);
    const countAt = leaves.length;
    leaves.push(0);
    for (let j = 0; j < entries; j++) {
      const p = parts.data[j];
      entryOf[p] = j;
      leaves.push(partFeature[p] * 2 + inside[p]);
    }
    const dedupe = e1 - e0 <= DEDUPE_UP_TO;
    if (dedupe) {
      taken.fill(0);
      for (let k = e0; k < e1; k++) {
        const b = 4 * edges[k];
        keys[k - e0] = (vertexKey(bits, b) + vertexKey(bits, b + 4)) | 0;
      }
    }
    let edgeCount = 0;
    for (let k = e0; k < e1; k++) {
      if (dedupe && taken[k - e0] === 1) continue;
      const v = edges[k];
      const p = edgePart[k];
      let second = -1;
      if (dedupe) {
        for (let k2 = k + 1; k2 < e1 && second < 0; k2++) {
          const u = edges[k2];
          if (
            keys[k2 - e0] === keys[k - e0] &&
            taken[k2 - e0] === 0 &&
            edgePart[k2] !== p &&
            sameSegment(xy, u, v)
          ) {
            taken[k2 - e0] = 1;
            second = entryOf[edgePart[k2]];
          }
        }
      }
      const first = entryOf[p];
      if (compact) leaves.push(compactEdge(v, first, second));
      else {
        leaves.push(v);
        leaves.push(first);
        leaves.push(second);
      }
      edgeCount++;
    }
    leaves.data[countAt] = edgeCount;
    for (let j = 0; j < entries; j++) entryOf[parts.data[j]] = -1;
  }
}

/** A hash of the vertex whose coordinates' bits start at `b` (equal vertices, equal hashes). */
function vertexKey(bits: Int32Array, b: number): number {
  return bits[b] ^ bits[b + 1] ^ Math.imul(bits[b + 2] ^ bits[b + 3], 0x9e3779b1);
}

/** Are edges `u` and `v` the same segment, in either direction? */
function sameSegment(xy: Float64Array, u: number, v: number): boolean {
  const ax = xy[2 * u];
  const ay = xy[2 * u + 1];
  const bx = xy[2 * u + 2];
  const by = xy[2 * u + 3];
  const cx = xy[2 * v];
  const cy = xy[2 * v + 1];
  const dx = xy[2 * v + 2];
  const dy = xy[2 * v + 3];
  return (
    (ax === cx && ay === cy && bx === dx && by === dy) || (ax === dx && ay === dy && bx === cx && by === cy)
  );
}

function hasSorted(list: Int32Array, length: number, value: number): boolean {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < length && list[lo] === value;
}

/** Words of the leaf at `at` of `leaves`: its header, its tags and its edges. */
export function leafWords(leaves: Int32Array, at: number, wide: boolean): number {
  const entries = leaves[at];
  return LEAF_HEADER + entries + leaves[at + 1] * (isCompact(entries, wide) ? 1 : 3);
}

/**
 * The leaves still referenced by the grid's top cells and sub-cells, copied into a new array of exactly
 * their size (the top leaves of refined cells are left behind), every reference rewritten to its copy.
 */
export function compactLeaves(g: GridLayout, leaves: Int32Array, live: number): Int32Array {
  const out = new Int32Array(live);
  let length = 0;
  const copy = (at: number): number => {
    const words = leafWords(leaves, at, g.wide);
    out.set(leaves.subarray(at, at + words), length);
    length += words;
    return length - words;
  };
  const { cells, subcells } = g;
  for (let c = 0; c < cells.length; c++) {
    const value = cells[c];
    if (value >= -1 || value === UNBUILT) continue;
    const code = -value - 2;
    const k = (code & 15) + 1;
    if (k === 1) {
      cells[c] = leafCell(copy(code >> 4));
      continue;
    }
    for (let s = code >> 4; s < (code >> 4) + k * k; s++) {
      if (subcells[s] < -1) subcells[s] = leafSubcell(copy(-subcells[s] - 2));
    }
  }
  return length === live ? out : out.slice(0, length);
}
