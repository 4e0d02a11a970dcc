import { EPSILON, type Slots } from './slots';
import { chunkOf } from './transfer';

/**
 * Unit sets a new grid can be carved from around an overloaded slot: grown from one of its units
 * through adjacent units of any sibling grid, each taken alone (its grid stays in one piece without
 * it) from a grid that is left no further from range (an overloaded neighbour first: the unit that
 * removes the most distance from range, then the fewest households), until the set reaches the
 * range's minimum without passing its maximum. One new grid then relieves several overloaded
 * neighbours at once, where a split of one grid leaves its rest short and refills it from the
 * neighbours (two moves for the same load). Each set is connected; nothing is left applied.
 * `fresh` is an empty slot of the same parent, used to grow in.
 */
export function carveParts(slots: Slots, slot: number, fresh: number): number[][] {
  const r = slots.range[slot]!;
  const { adjStart, adjUnit } = slots.graph;
  const out: number[][] = [];
  for (const seed of [...slots.members[slot]].sort((a, b) => a - b)) {
    if (!slots.isMovable(seed) || chunkOf(slots, slot, seed)?.length !== 1) continue;
    const mark = slots.mark();
    slots.moveUnit(seed, slot, fresh);
    const part = [seed];
    while (slots.load[fresh] < r.min - EPSILON) {
      let best = -1;
      let bestGain = 0;
      const seen = new Set<number>();
      for (const u of part) {
        for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
          const w = adjUnit[k];
          const t = slots.owner[w];
          if (t === fresh || seen.has(w)) continue;
          seen.add(w);
          if (!slots.canExchange(fresh, t) || slots.range[t] === null || !slots.isMovable(w)) continue;
          const l = slots.unitLoad[w];
          if (slots.load[fresh] + l > r.max + EPSILON) continue;
          const gain = slots.violation(t) - slots.violation(t, slots.load[t] - l);
          if (gain < -EPSILON || chunkOf(slots, t, w)?.length !== 1) continue;
          const better =
            best < 0 ||
            gain > bestGain + EPSILON ||
            (gain > bestGain - EPSILON &&
              (slots.unitHouseholds[w] < slots.unitHouseholds[best] ||
                (slots.unitHouseholds[w] === slots.unitHouseholds[best] && w < best)));
          if (better) {
            best = w;
            bestGain = gain;
          }
        }
      }
      if (best < 0) break;
      slots.moveUnit(best, slots.owner[best], fresh);
      part.push(best);
    }
    const reached = slots.load[fresh] >= r.min - EPSILON;
    slots.undo(mark);
    if (reached) out.push(part.sort((a, b) => a - b));
  }
  return out;
}
