import { EPSILON, isBetter, type Slots } from './slots';
import { chunkOf } from './transfer';

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
    if (!changed) changed = restoreWithSwap(slots, initialOwner);
  }
  return restored;
}

/**
 * Hands one moved unit back where that alone would cost rank, paying with a unit of its old grid that
 * goes the other way: accepted when the rank is no worse and fewer households end up moved (the unit
 * paid with moves back too, or carries fewer households than the one handed back). Both leave alone
 * (nothing hangs on them) and each borders the grid it joins. Applies the best such swap; returns
 * whether one was applied.
 */
function restoreWithSwap(slots: Slots, initialOwner: Int32Array): boolean {
  const { adjStart, adjUnit } = slots.graph;
  const bordersSlot = (u: number, slot: number) => {
    for (let k = adjStart[u]; k < adjStart[u + 1]; k++) if (slots.owner[adjUnit[k]] === slot) return true;
    return false;
  };
  for (let u = 0; u < slots.owner.length; u++) {
    const from = slots.owner[u];
    const to = initialOwner[u];
    if (from === to || !slots.isMovable(u) || !slots.canExchange(from, to) || !bordersSlot(u, to)) continue;
    const chunk = chunkOf(slots, from, u);
    if (chunk === null || chunk.length !== 1) continue;
    const before = slots.snapshot();
    const mark = slots.mark();
    slots.moveUnit(u, from, to);
    let best: { w: number; saved: number } | null = null;
    for (const w of [...slots.members[to]].sort((a, b) => a - b)) {
      if (w === u || !slots.isMovable(w) || !bordersSlot(w, from)) continue;
      const saved = slots.unitHouseholds[u] + (initialOwner[w] === from ? 1 : -1) * slots.unitHouseholds[w];
      if (saved <= EPSILON || (best !== null && saved <= best.saved)) continue;
      const wChunk = chunkOf(slots, to, w);
      if (wChunk === null || wChunk.length !== 1) continue;
      const inner = slots.mark();
      slots.moveUnit(w, to, from);
      const after = slots.snapshot();
      // The grid handing u back must stay in one piece without u.
      if (!isBetter(before, after) && slots.components(slots.members[from]) === 1) best = { w, saved };
      slots.undo(inner);
    }
    if (best === null) {
      slots.undo(mark);
      continue;
    }
    slots.moveUnit(best.w, to, from);
    slots.commit();
    return true;
  }
  return false;
}
