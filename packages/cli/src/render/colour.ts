/**
 * Colouring: DSATUR so that neighbouring grids never share a colour, and the palette the colours map to.
 */
import { ErrorCode, WanggeError } from '@wangge/core';

/** Fill colours of the grids: soft, distinct, none of them the red of a defect. */
export const PALETTE = [
  '#a6cee3',
  '#b2df8a',
  '#fdbf6f',
  '#cab2d6',
  '#ffff99',
  '#8dd3c7',
  '#d9d9d9',
  '#fccde5',
] as const;

/** The fill of colour number `c`: the palette, then evenly spread soft hues past its end. */
export function fillOf(c: number): string {
  return c < PALETTE.length ? PALETTE[c] : `hsl(${(c * 47) % 360} 55% 78%)`;
}

/**
 * Colours a graph so that neighbours never share a colour, with DSATUR (Brélaz 1979): repeatedly colour
 * the uncoloured vertex with the most distinctly coloured neighbours (ties: most neighbours, then lowest
 * id) with the smallest colour its neighbours do not use. Planar maps such as grid plans come out in
 * four or five colours. Deterministic; `neighbours[i]` lists the vertices adjacent to `i` (both ways).
 * Returns the colour (0, 1, ...) of each vertex.
 */
export function neighboursToColours(neighbours: ReadonlyArray<ArrayLike<number>>): Uint16Array {
  const n = checkGraph(neighbours);
  const colour = new Uint16Array(n);
  const coloured = new Uint8Array(n);
  const seen: Array<Set<number>> = Array.from({ length: n }, () => new Set());
  const degree = Int32Array.from(neighbours, (list) => list.length);
  // Max-heap of [saturation, degree, -id] with lazy deletion: stale entries are skipped when popped.
  const heap: Array<[number, number, number]> = [];
  const better = (a: [number, number, number], b: [number, number, number]) =>
    a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] > b[2];
  const push = (entry: [number, number, number]) => {
    heap.push(entry);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!better(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const pop = (): [number, number, number] => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && better(heap[l], heap[best])) best = l;
        if (r < heap.length && better(heap[r], heap[best])) best = r;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best], heap[i]];
        i = best;
      }
    }
    return top;
  };
  for (let v = 0; v < n; v++) push([0, degree[v], -v]);
  while (heap.length > 0) {
    const [saturation, , negId] = pop();
    const v = -negId;
    if (coloured[v] || saturation !== seen[v].size) continue;
    let c = 0;
    while (seen[v].has(c)) c++;
    colour[v] = c;
    coloured[v] = 1;
    const list = neighbours[v];
    for (let k = 0; k < list.length; k++) {
      const w = list[k];
      if (coloured[w] || seen[w].has(c)) continue;
      seen[w].add(c);
      push([seen[w].size, degree[w], -w]);
    }
  }
  return colour;
}

/** The vertex count of a caller's adjacency lists, each an array of vertex ids; `INVALID_ARGUMENT` else. */
function checkGraph(neighbours: ReadonlyArray<ArrayLike<number>>): number {
  const lists: unknown = neighbours;
  if (!Array.isArray(lists)) {
    throw new WanggeError(
      ErrorCode.INVALID_ARGUMENT,
      'neighboursToColours: neighbours must be an array of id lists',
    );
  }
  const n = lists.length;
  lists.forEach((list: unknown, i) => {
    const ids = list as ArrayLike<unknown> | null;
    const ok =
      typeof ids === 'object' &&
      ids !== null &&
      typeof ids.length === 'number' &&
      Array.from(ids).every((id) => Number.isInteger(id) && (id as number) >= 0 && (id as number) < n);
    if (!ok) {
      throw new WanggeError(
        ErrorCode.INVALID_ARGUMENT,
        `neighboursToColours: neighbours[${i}] must list vertex ids from 0 to ${n - 1}`,
      );
    }
  });
  return n;
}
