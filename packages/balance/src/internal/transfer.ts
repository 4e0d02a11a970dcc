import { EPSILON, isBetter, type Score, type Slots } from './slots';

/** Chunks tried at each link of a transfer chain. */
const CHOICES_PER_LINK = 3;

/**
 * Moves load away from an overloaded slot (or towards an underloaded one) along the shortest chain of
 * sibling grids ending at one with room (or with load to spare), through at most `maxPath` grids.
 * Applied only when the plan's score (grids out of range, then distance from range) strictly improves;
 * among equal scores the fewest households move. Returns whether anything was applied.
 */
export function transfer(slots: Slots, slot: number, over: boolean, maxPath: number): boolean {
  const previous = new Map<number, number>([[slot, -1]]);
  const depth = new Map<number, number>([[slot, 0]]);
  const queue = [slot];
  const ends: number[] = [];
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i];
    if (depth.get(s)! >= maxPath) continue;
    for (const t of slots.adjacentSlots(s)) {
      if (previous.has(t)) continue;
      previous.set(t, s);
      depth.set(t, depth.get(s)! + 1);
      queue.push(t);
      const r = slots.range[t];
      if (r !== null && (over ? slots.load[t] < r.max : slots.load[t] > r.min)) ends.push(t);
    }
  }
  // Nearest first; among equals a grid itself out of range first, then the most room, then the lowest slot.
  const room = (t: number) =>
    over ? slots.range[t]!.max - slots.load[t] : slots.load[t] - slots.range[t]!.min;
  const outOfRange = (t: number) => (slots.violation(t) > 0 ? 0 : 1);
  ends.sort(
    (a, b) => depth.get(a)! - depth.get(b)! || outOfRange(a) - outOfRange(b) || room(b) - room(a) || a - b,
  );
  for (const end of ends) {
    const chain: number[] = [];
    for (let s = end; s >= 0; s = previous.get(s)!) chain.push(s);
    chain.reverse(); // slot … end
    if (!over) chain.reverse(); // end … slot: load flows towards the underloaded slot
    if (tryChain(slots, chain)) return true;
  }
  return false;
}

type Step = [chunk: number[], from: number, to: number];

/**
 * Passes one unit (or chunk) along each link of `chain` (source first), trying the few best chunks at
 * every link; applies the combination with the best score if it beats the current one (ties: fewer
 * households). Returns whether anything was applied.
 */
function tryChain(slots: Slots, chain: number[]): boolean {
  const sink = chain[chain.length - 1];
  const before = slots.snapshot();
  let best: { score: Score; households: number; moves: Step[] } | null = null;
  const stack: Step[] = [];
  const used = new Set<number>();
  const explore = (link: number, households: number): void => {
    if (link === chain.length - 1) {
      const score = slots.snapshot();
      if (!isBetter(score, before)) return;
      if (
        best === null ||
        isBetter(score, best.score) ||
        (!isBetter(best.score, score) && households < best.households)
      ) {
        best = { score, households, moves: stack.map(([c, f, t]): Step => [c, f, t]) };
      }
      return;
    }
    const from = chain[link];
    const to = chain[link + 1];
    for (const chunk of bestChunks(slots, from, to, sink, used)) {
      const mark = slots.mark();
      let h = 0;
      for (const u of chunk) {
        slots.moveUnit(u, from, to);
        used.add(u);
        h += slots.unitHouseholds[u];
      }
      stack.push([chunk, from, to]);
      explore(link + 1, households + h);
      stack.pop();
      slots.undo(mark);
      for (const u of chunk) used.delete(u);
    }
  };
  explore(0, 0);
  if (best === null) return false;
  for (const [chunk, from, to] of (best as { moves: Step[] }).moves) {
    for (const u of chunk) slots.moveUnit(u, from, to);
  }
  return true;
}

/**
 * The few best things `from` can hand to `to`: a movable unit touching `to`, together with the pieces
 * of `from` that would hang on that unit alone (so `from` never falls apart; the heaviest piece stays).
 * Chunks without load are skipped (they change shape, not load). Ranked by the violation of `from`
 * after giving plus that of the chain's sink after receiving; then fewer households; then the shorter
 * resulting boundary (compactness); then the lower unit index.
 */
export function bestChunks(
  slots: Slots,
  from: number,
  to: number,
  sink: number,
  exclude: Set<number>,
): number[][] {
  if (slots.members[from].size < 2) return [];
  const { adjStart, adjUnit, adjLength } = slots.graph;
  const ranked: Array<{ chunk: number[]; score: number; households: number; shape: number }> = [];
  for (const u of [...slots.members[from]].sort((a, b) => a - b)) {
    if (exclude.has(u) || !slots.isMovable(u)) continue;
    let touchesTo = false;
    let shape = 0; // boundary shared with `to` minus shared with `from`: half the perimeter saved
    for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
      const t = slots.owner[adjUnit[k]];
      if (t === to) {
        touchesTo = true;
        shape += adjLength[k];
      } else if (t === from) shape -= adjLength[k];
    }
    if (!touchesTo) continue;
    const chunk = chunkOf(slots, from, u);
    if (chunk === null || chunk.some((v) => exclude.has(v) || !slots.isMovable(v))) continue;
    let l = 0;
    let households = 0;
    for (const v of chunk) {
      l += slots.unitLoad[v];
      households += slots.unitHouseholds[v];
    }
    if (l === 0) continue;
    const score =
      slots.violation(from, slots.load[from] - l) +
      slots.violation(sink, slots.load[sink] + (sink === from ? 0 : l));
    ranked.push({ chunk, score, households, shape });
  }
  ranked.sort(
    (a, b) =>
      (Math.abs(a.score - b.score) > EPSILON ? a.score - b.score : 0) ||
      a.households - b.households ||
      b.shape - a.shape ||
      a.chunk[0] - b.chunk[0],
  );
  return ranked.slice(0, CHOICES_PER_LINK).map((r) => r.chunk);
}

/**
 * Unit `u` with the pieces of its grid that only hang on it: the parts of `slot` without `u` that
 * touch `u`, except the heaviest. `null` when nothing of the grid would be left.
 */
export function chunkOf(slots: Slots, slot: number, u: number): number[] | null {
  const { adjStart, adjUnit } = slots.graph;
  const pieceOf = new Map<number, number>([[u, -1]]);
  const pieces: number[][] = [];
  for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
    const start = adjUnit[k];
    if (slots.owner[start] !== slot || pieceOf.has(start)) continue;
    const piece = [start];
    pieceOf.set(start, pieces.length);
    for (let i = 0; i < piece.length; i++) {
      const v = piece[i];
      for (let j = adjStart[v]; j < adjStart[v + 1]; j++) {
        const w = adjUnit[j];
        if (slots.owner[w] === slot && !pieceOf.has(w)) {
          pieceOf.set(w, pieces.length);
          piece.push(w);
        }
      }
    }
    pieces.push(piece);
  }
  if (pieces.length <= 1) return pieces.length === 1 || slots.members[slot].size > 1 ? [u] : null;
  const weight = (piece: number[]) => piece.reduce((sum, v) => sum + slots.unitLoad[v], 0);
  let keep = 0;
  for (let p = 1; p < pieces.length; p++) {
    const d = weight(pieces[p]) - weight(pieces[keep]);
    if (d > EPSILON || (Math.abs(d) <= EPSILON && pieces[p].length > pieces[keep].length)) keep = p;
  }
  return [u, ...pieces.filter((_, p) => p !== keep).flat()].sort((a, b) => a - b);
}

/**
 * Hands moved units back to the grid they came from wherever that costs nothing in rank (no more grids
 * out of range, no more distance from range), so the plan keeps its rank with fewer households moved:
 * the third key of the ranking. A unit goes back only alone (nothing of its grid hangs on it) and only
 * to a live grid it still borders. Returns how many went back.
 */
export function restore(slots: Slots, initialOwner: Int32Array): number {
  const { adjStart, adjUnit } = slots.graph;
  let restored = 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (let u = 0; u < slots.owner.length; u++) {
      const from = slots.owner[u];
      const to = initialOwner[u];
      if (from === to || !slots.isMovable(u) || !slots.canExchange(from, to)) continue;
      let borders = false;
      for (let k = adjStart[u]; k < adjStart[u + 1] && !borders; k++)
        borders = slots.owner[adjUnit[k]] === to;
      const chunk = borders ? chunkOf(slots, from, u) : null;
      if (chunk === null || chunk.length !== 1) continue;
      const before = slots.snapshot();
      const mark = slots.mark();
      slots.moveUnit(u, from, to);
      const after = slots.snapshot();
      if (
        after.out > before.out ||
        (after.out === before.out && after.distance > before.distance + EPSILON)
      ) {
        slots.undo(mark);
        continue;
      }
      slots.commit();
      restored++;
      changed = true;
    }
  }
  return restored;
}
