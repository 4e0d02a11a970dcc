import { EPSILON, type Slots } from './slots';

/** Most units two grids may hold together for their border to be redrawn exactly. */
export const PAIR_UNITS = 20;
/** Most connected unit sets enumerated for one pair (a count, so the result never depends on time). */
const PAIR_SETS = 100_000;
/** Most passes over the pairs. */
const PASSES = 4;

/**
 * The move-minimising local search after the step loop: for every two bordering sibling grids that
 * hold at most {@link PAIR_UNITS} units together, every way to cut their units into two connected
 * parts is weighed (connected sets enumerated each once, at most `PAIR_SETS` of them), and the best
 * is applied when it ranks better: fewer of the two grids out of range, else less distance from
 * range, else fewer households away from their first grid (both ways of naming the parts are tried).
 * Grids in several parts, locked grids, grids holding a multi-part unit and pinned units are left as
 * they are. Since only the pair changes and its rank improves, grids out of range never rise. Passes
 * over the pairs repeat while one improves, at most `PASSES` times. Returns the pairs redrawn.
 */
export function redrawPairs(slots: Slots, initialOwner: Int32Array): number {
  let redrawn = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    let any = false;
    for (let a = 0; a < slots.code.length; a++) {
      if (!open(slots, a)) continue;
      for (const b of slots.adjacentSlots(a)) {
        if (b < a || !open(slots, b) || slots.members[a].size + slots.members[b].size > PAIR_UNITS) continue;
        if (!changed(slots, initialOwner, a) && !changed(slots, initialOwner, b)) continue;
        if (redraw(slots, initialOwner, a, b)) {
          any = true;
          redrawn++;
        }
      }
    }
    if (!any) break;
  }
  return redrawn;
}

/** Whether a slot may be redrawn: live, with a range, unlocked, giving units, in one piece. */
function open(slots: Slots, s: number): boolean {
  return (
    slots.alive[s] &&
    slots.range[s] !== null &&
    !slots.lockedSlot[s] &&
    !slots.holdsMultiPart[s] &&
    slots.components(slots.members[s]) === 1
  );
}

/** Whether a slot holds other units than at the start, or is out of range. */
function changed(slots: Slots, initialOwner: Int32Array, s: number): boolean {
  if (slots.violation(s) > 0) return true;
  for (const u of slots.members[s]) if (initialOwner[u] !== s) return true;
  for (let u = 0; u < initialOwner.length; u++)
    if (initialOwner[u] === s && slots.owner[u] !== s) return true;
  return false;
}

/** Redraws the border of slots `a` and `b` when a better cut exists; returns whether it did. */
function redraw(slots: Slots, initialOwner: Int32Array, a: number, b: number): boolean {
  const units = [...slots.members[a], ...slots.members[b]].sort((x, y) => x - y);
  const n = units.length;
  const index = new Map(units.map((u, i) => [u, i]));
  const { adjStart, adjUnit } = slots.graph;
  const adjacent = units.map((u) => {
    let mask = 0;
    for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
      const i = index.get(adjUnit[k]);
      if (i !== undefined) mask |= 1 << i;
    }
    return mask;
  });
  const load = units.map((u) => slots.unitLoad[u]);
  const households = units.map((u) => slots.unitHouseholds[u]);
  // Households a unit costs in a and in b (away from its first grid), and units that must stay.
  const costIn = (s: number) => units.map((u, i) => (initialOwner[u] === s ? 0 : households[i]));
  const costA = costIn(a);
  const costB = costIn(b);
  let mustA = 0;
  let mustB = 0;
  units.forEach((u, i) => {
    if (slots.pinned[u] === 1) {
      if (slots.owner[u] === a) mustA |= 1 << i;
      else mustB |= 1 << i;
    }
  });
  const all = (1 << n) - 1;
  const totalLoad = load.reduce((s, l) => s + l, 0);
  const rank = (loadA: number) => {
    const va = slots.violation(a, loadA);
    const vb = slots.violation(b, totalLoad - loadA);
    return { out: (va > 0 ? 1 : 0) + (vb > 0 ? 1 : 0), distance: va + vb };
  };
  const maskOf = (s: number) => units.reduce((m, u, i) => (slots.owner[u] === s ? m | (1 << i) : m), 0);
  const sum = (values: number[], mask: number) => {
    let t = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) t += values[i];
    return t;
  };
  const moved = (maskA: number) => sum(costA, maskA) + sum(costB, all & ~maskA);
  const nowA = maskOf(a);
  let best = { ...rank(sum(load, nowA)), moved: moved(nowA), maskA: nowA };
  const consider = (maskA: number) => {
    if ((maskA & mustB) !== 0 || (~maskA & mustA & all) !== 0) return;
    const r = rank(sum(load, maskA));
    const m = moved(maskA);
    const better =
      r.out < best.out ||
      (r.out === best.out &&
        (r.distance < best.distance - EPSILON ||
          (r.distance <= best.distance + EPSILON && m < best.moved - EPSILON)));
    if (better) best = { ...r, moved: m, maskA };
  };
  // Connected sets holding unit 0, each once: grown through the frontier, earlier choices banned.
  let budget = PAIR_SETS;
  const grow = (set: number, frontier: number, banned: number): void => {
    if (budget-- <= 0) return;
    const rest = all & ~set;
    if (rest !== 0 && connected(rest, adjacent)) {
      consider(set);
      consider(rest);
    }
    let f = frontier;
    let ban = banned;
    while (f !== 0 && budget > 0) {
      const v = 31 - Math.clz32(f & -f);
      f &= ~(1 << v);
      ban |= 1 << v;
      grow(set | (1 << v), (f | adjacent[v]) & ~set & ~(1 << v) & ~ban, ban);
    }
  };
  grow(1, adjacent[0] & all, 1);
  if (best.maskA === nowA) return false;
  for (let i = 0; i < n; i++) {
    const u = units[i];
    const want = best.maskA & (1 << i) ? a : b;
    if (slots.owner[u] !== want) slots.moveUnit(u, slots.owner[u], want);
  }
  slots.commit();
  return true;
}

/** Whether a non-empty set of units (a bit mask) is connected through `adjacent`. */
function connected(mask: number, adjacent: number[]): boolean {
  let seen = mask & -mask;
  let frontier = seen;
  while (frontier !== 0) {
    const v = 31 - Math.clz32(frontier & -frontier);
    frontier &= ~(1 << v);
    const next = adjacent[v] & mask & ~seen;
    seen |= next;
    frontier |= next;
  }
  return seen === mask;
}
