import type { Namer } from './naming';
import { redrawPairs } from './pairs';
import { relabel } from './relabel';
import { type ResizeContext, tryMerge, tryResplit, trySplit } from './resize';
import { restore } from './restore';
import { swap } from './swap';
import { transfer } from './transfer';

/** Most rounds of the polish after the step loop (pairs redrawn, codes matched, moves handed back). */
const POLISH_ROUNDS = 3;

/**
 * One run of the step loop on a fresh state: the worst grid first, each step kept only when it improves
 * the plan's rank, until no grid is out of range, no step helps, or `maxSteps` is reached, first with
 * direct moves only, then with chains; then the moved units that cost nothing in rank go back, and
 * changed sibling grids take the codes that keep the most households (households moved, the rank's
 * third key). Returns the steps taken.
 */
export function drive(ctx: ResizeContext, namer: Namer, maxSteps: number, initialOwner: Int32Array): number {
  const { slots } = ctx;
  const stuck = new Set<number>();
  let steps = 0;
  // Direct moves first (chains of one grid), then chains up to the full length for what is left: a chain
  // moves a unit at every link, so it is the dearer way to the same load.
  const fullPath = ctx.maxPath;
  for (const path of fullPath > 1 ? [1, fullPath] : [fullPath]) {
    ctx.maxPath = path;
    stuck.clear();
    steps = loop(ctx, namer, maxSteps, steps, stuck);
  }
  ctx.maxPath = fullPath;
  restore(slots, initialOwner);
  relabel(slots, initialOwner);
  const tried = new Set<string>();
  for (let round = 0; round < POLISH_ROUNDS; round++) {
    if (redrawPairs(slots, initialOwner, tried) === 0) break;
    relabel(slots, initialOwner);
    restore(slots, initialOwner);
  }
  return steps;
}

/** The steps at one chain length, from `steps` taken so far; returns the steps taken in all. */
function loop(ctx: ResizeContext, namer: Namer, maxSteps: number, steps: number, stuck: Set<number>): number {
  const { slots } = ctx;
  while (steps < maxSteps) {
    const worst = worstSlot(ctx, stuck);
    if (worst < 0) break;
    const r = slots.range[worst]!;
    const over = slots.load[worst] > r.max;
    // A group of siblings over (under) capacity needs a grid more (less) before moves can help.
    const { slots: group, total } = slots.family(worst);
    const needsChange = over ? total > group.length * r.max : total < group.length * r.min;
    const resize = () => (over ? trySplit(ctx, worst) >= 0 : tryMerge(ctx, worst));
    const done =
      (needsChange && resize()) ||
      transfer(slots, worst, over, ctx.maxPath, ctx.strategy) ||
      tryResplit(ctx, worst) ||
      (!needsChange && resize()) ||
      swap(slots, worst, ctx.strategy);
    if (done) {
      nameNewGrids(ctx, namer);
      slots.commit();
      stuck.clear();
      steps++;
    } else {
      stuck.add(worst);
    }
  }
  return steps;
}

/** Gives a code to every grid a split made since the last step. */
function nameNewGrids(ctx: ResizeContext, namer: Namer): void {
  const { slots } = ctx;
  for (const change of ctx.changes) {
    if (change.kind !== 'split' || slots.code[change.other] !== '') continue;
    slots.code[change.other] = namer.next(slots.parent[change.other]);
  }
}

/** The live, unlocked slot furthest out of range, not yet stuck; -1 when none is left. */
function worstSlot(ctx: ResizeContext, stuck: Set<number>): number {
  const { slots } = ctx;
  let worst = -1;
  let worstV = 0;
  for (let s = 0; s < slots.code.length; s++) {
    if (!slots.alive[s] || slots.lockedSlot[s] || stuck.has(s)) continue;
    const v = slots.violation(s);
    if (v > worstV) {
      worst = s;
      worstV = v;
    }
  }
  return worst;
}
