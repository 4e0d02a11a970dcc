import { EPSILON, isBetter, type Score, type Slots } from './slots';

/** Chunks tried at each link of a transfer chain. */
const CHOICES_PER_LINK = 3;

/**
 * How a transfer picks among the moves that improve the plan's score: `rank` takes the best score
 * (fewest grids out of range, then least distance), the fewest households among equals; `thrift` takes
 * the most distance removed per household moved (a cheap move that only part-fills a gap first), so
 * the run ends with fewer households moved where the units allow it.
 */
export type Strategy = 'rank' | 'thrift';

/**
 * Moves load away from an overloaded slot (or towards an underloaded one) along the shortest chain of
 * sibling grids ending at one with room (or with load to spare), through at most `maxPath` grids.
 * Applied only when the plan's score (grids out of range, then distance from range) strictly improves;
 * which improving move is taken follows `strategy`. Returns whether anything was applied.
 */
export function transfer(
  slots: Slots,
  slot: number,
  over: boolean,
  maxPath: number,
  strategy: Strategy = 'rank',
): boolean {
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
  // `rank` takes the first chain that improves (nearest first); `thrift` weighs every chain's moves.
  let best: Candidate | null = null;
  for (const end of ends) {
    const chain: number[] = [];
    for (let s = end; s >= 0; s = previous.get(s)!) chain.push(s);
    chain.reverse(); // slot … end
    if (!over) chain.reverse(); // end … slot: load flows towards the underloaded slot
    const found = bestOfChain(slots, chain, strategy);
    if (found === null) continue;
    if (strategy === 'rank') {
      best = found;
      break;
    }
    if (best === null || found.value > best.value + EPSILON) best = found;
  }
  if (best === null) return false;
  for (const [chunk, from, to] of best.moves) for (const u of chunk) slots.moveUnit(u, from, to);
  return true;
}

/** A chunk of units and the slots it leaves and joins. */
export type Step = [chunk: number[], from: number, to: number];

/** The moves of the best combination along one chain, with its thrift value. */
interface Candidate {
  moves: Step[];
  value: number;
}

/** Distance from range removed per household moved (free moves first). */
export function thrift(before: Score, after: Score, households: number): number {
  const gain = before.distance - after.distance;
  return households <= EPSILON ? Number.POSITIVE_INFINITY * Math.sign(gain) : gain / households;
}

/**
 * Passes one unit (or chunk) along each link of `chain` (source first), trying the few best chunks at
 * every link; of the combinations that beat the current score, returns the one `strategy` prefers
 * (nothing applied), or null.
 */
function bestOfChain(slots: Slots, chain: number[], strategy: Strategy): Candidate | null {
  const sink = chain[chain.length - 1];
  const before = slots.snapshot();
  let best: { score: Score; households: number; moves: Step[] } | null = null;
  const stack: Step[] = [];
  const used = new Set<number>();
  const explore = (link: number, households: number): void => {
    if (link === chain.length - 1) {
      const score = slots.snapshot();
      if (!isBetter(score, before)) return;
      const preferred =
        best === null ||
        (strategy === 'thrift'
          ? thrift(before, score, households) > thrift(before, best.score, best.households) + EPSILON
          : isBetter(score, best.score) || (!isBetter(best.score, score) && households < best.households));
      if (preferred) {
        best = { score, households, moves: stack.map(([c, f, t]): Step => [c, f, t]) };
      }
      return;
    }
    const from = chain[link];
    const to = chain[link + 1];
    for (const chunk of bestChunks(slots, from, to, sink, used, strategy)) {
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
  if (best === null) return null;
  const found = best as { score: Score; households: number; moves: Step[] };
  return { moves: found.moves, value: thrift(before, found.score, found.households) };
}

/**
 * The few best things `from` can hand to `to`: a movable unit touching `to`, together with the pieces
 * of `from` that would hang on that unit alone (so `from` never falls apart; the heaviest piece stays).
 * Chunks without load are skipped (they change shape, not load). Ranked by the violation of `from`
 * after giving plus that of the chain's sink after receiving (under `thrift`: by that violation
 * removed per household); then fewer households; then the shorter resulting boundary (compactness);
 * then the lower unit index.
 */
export function bestChunks(
  slots: Slots,
  from: number,
  to: number,
  sink: number,
  exclude: Set<number>,
  strategy: Strategy = 'rank',
  limit = CHOICES_PER_LINK,
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
    const after =
      slots.violation(from, slots.load[from] - l) +
      slots.violation(sink, slots.load[sink] + (sink === from ? 0 : l));
    const now = slots.violation(from) + (sink === from ? 0 : slots.violation(sink));
    const score =
      strategy === 'thrift'
        ? -thrift({ out: 0, distance: now }, { out: 0, distance: after }, households)
        : after;
    ranked.push({ chunk, score, households, shape });
  }
  ranked.sort(
    (a, b) =>
      (Math.abs(a.score - b.score) > EPSILON ? a.score - b.score : 0) ||
      a.households - b.households ||
      b.shape - a.shape ||
      a.chunk[0] - b.chunk[0],
  );
  return ranked.slice(0, limit).map((r) => r.chunk);
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
