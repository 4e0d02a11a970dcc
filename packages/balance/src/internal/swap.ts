import { EPSILON, isBetter, type Score, type Slots } from './slots';
import { bestChunks, type Step, type Strategy, thrift } from './transfer';

/** Most chunks tried on each side of a swap. */
const CHOICES_PER_SIDE = 8;

/**
 * Exchanges a chunk of an out-of-range slot with a chunk of a bordering sibling, so that only the
 * difference of their loads changes hands: the fine step where every single unit overshoots the gap.
 * Each side gives a unit with whatever hangs on it alone (so neither grid falls apart), and a unit
 * never goes back where it came from in the same swap. Applied only when the plan's score strictly
 * improves; among improving swaps `strategy` picks (`rank`: best score, then fewest households;
 * `thrift`: most distance removed per household). Returns whether a swap was applied.
 */
export function swap(slots: Slots, slot: number, strategy: Strategy): boolean {
  const before = slots.snapshot();
  let best: { moves: Step[]; score: Score; households: number } | null = null;
  const households = (chunk: number[]) => chunk.reduce((h, u) => h + slots.unitHouseholds[u], 0);
  for (const t of slots.adjacentSlots(slot)) {
    for (const a of bestChunks(slots, slot, t, t, new Set(), 'rank', CHOICES_PER_SIDE)) {
      const mark = slots.mark();
      for (const u of a) slots.moveUnit(u, slot, t);
      for (const b of bestChunks(slots, t, slot, slot, new Set(a), 'rank', CHOICES_PER_SIDE)) {
        const inner = slots.mark();
        for (const u of b) slots.moveUnit(u, t, slot);
        const score = slots.snapshot();
        const h = households(a) + households(b);
        const preferred =
          isBetter(score, before) &&
          (best === null ||
            (strategy === 'thrift'
              ? thrift(before, score, h) > thrift(before, best.score, best.households) + EPSILON
              : isBetter(score, best.score) || (!isBetter(best.score, score) && h < best.households)));
        if (preferred) {
          best = {
            moves: [
              [a, slot, t],
              [b, t, slot],
            ],
            score,
            households: h,
          };
        }
        slots.undo(inner);
      }
      slots.undo(mark);
    }
  }
  if (best === null) return false;
  for (const [chunk, from, to] of best.moves) for (const u of chunk) slots.moveUnit(u, from, to);
  return true;
}
