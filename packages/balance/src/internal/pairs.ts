import { EPSILON, type Slots } from './slots';

/** Most units two grids may hold together for their border to be redrawn exactly. */
export const PAIR_UNITS = 20;
/** Most units three grids may hold together for their borders to be redrawn exactly. */
export const TRIPLE_UNITS = 16;
/** Most connected unit sets enumerated for one group (a count, so the result never depends on time). */
const GROUP_SETS = 100_000;
/** Most passes over the groups. */
const PASSES = 4;

/**
 * The move-minimising local search after the step loop: around every grid that changed or is out of
 * range, for every bordering sibling that holds at most {@link PAIR_UNITS} units with it, and every two
 * siblings that form a connected group of three with it within {@link TRIPLE_UNITS} units, every way
 * to cut their units into connected parts is weighed (connected sets enumerated each once, at most
 * `GROUP_SETS` of them), and the best is applied when it ranks better: fewer of the grids out of range, else less distance from range, else fewer households
 * away from their first grid (every way of naming the parts is tried). Grids in several parts, locked
 * grids, grids holding a multi-part unit and pinned units are left as they are. Since only the group
 * changes and its rank improves, grids out of range never rise. Passes repeat while one improves, at
 * most `PASSES` times; a group already found at its best (its units listed in `tried`) is not weighed
 * again until its units change. Returns the groups redrawn.
 */
export function redrawPairs(slots: Slots, initialOwner: Int32Array, tried: Set<string> = new Set()): number {
  let redrawn = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    // Per pass: which slots may be redrawn and which changed (refreshed for a group once redrawn).
    const isOpen = new Map<number, boolean>();
    const open = (s: number) => {
      let o = isOpen.get(s);
      if (o === undefined) isOpen.set(s, (o = openSlot(slots, s)));
      return o;
    };
    const changed = new Set<number>();
    for (let u = 0; u < initialOwner.length; u++) {
      if (slots.owner[u] === initialOwner[u]) continue;
      changed.add(slots.owner[u]);
      changed.add(initialOwner[u]);
    }
    const touched = (s: number) => changed.has(s) || slots.violation(s) > 0;
    // A group is weighed again only when its units changed since it was last found at its best.
    const attempt = (group: number[]) => {
      const key = group.map((s) => `${s}:${[...slots.members[s]].sort((x, y) => x - y).join(',')}`).join('|');
      if (tried.has(key)) return false;
      if (!redraw(slots, initialOwner, group)) {
        tried.add(key);
        return false;
      }
      for (const s of group) {
        isOpen.delete(s);
        changed.add(s);
      }
      redrawn++;
      return true;
    };
    let any = false;
    for (let a = 0; a < slots.code.length; a++) {
      if (!open(a) || !touched(a)) continue;
      const near = slots.adjacentSlots(a).filter(open);
      for (const b of near) {
        if (slots.members[a].size + slots.members[b].size > PAIR_UNITS) continue;
        if (b < a && touched(b)) continue; // weighed from b
        any = attempt([a, b]) || any;
      }
      for (const [b, c] of triples(slots, a, near, open)) {
        if (!touched(a) || !open(a)) break;
        any = attempt([a, b, c]) || any;
      }
    }
    if (!any) break;
  }
  return redrawn;
}

/** Pairs of open slots that form a connected group of three with `a`, within {@link TRIPLE_UNITS}. */
function triples(
  slots: Slots,
  a: number,
  near: number[],
  open: (s: number) => boolean,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const seen = new Set<string>();
  for (const b of near) {
    const second = new Set([...near, ...slots.adjacentSlots(b).filter(open)]);
    for (const c of [...second].sort((x, y) => x - y)) {
      if (c === a || c === b) continue;
      const key = b < c ? `${b},${c}` : `${c},${b}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const size = slots.members[a].size + slots.members[b].size + slots.members[c].size;
      if (size <= TRIPLE_UNITS) out.push(b < c ? [b, c] : [c, b]);
    }
  }
  return out;
}

/** Whether a slot may be redrawn: live, with a range, unlocked, giving units, in one piece. */
function openSlot(slots: Slots, s: number): boolean {
  return (
    slots.alive[s] &&
    slots.range[s] !== null &&
    !slots.lockedSlot[s] &&
    !slots.holdsMultiPart[s] &&
    slots.components(slots.members[s]) === 1
  );
}

/** Orders of 0 … k − 1: the ways of naming k parts. */
const NAMINGS: Record<number, number[][]> = {
  2: [
    [0, 1],
    [1, 0],
  ],
  3: [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ],
};

/** Redraws the borders of a group of two or three slots when a better cut exists; returns whether it did. */
function redraw(slots: Slots, initialOwner: Int32Array, group: number[]): boolean {
  const units = group.flatMap((s) => [...slots.members[s]]).sort((x, y) => x - y);
  const n = units.length;
  const k = group.length;
  const index = new Map(units.map((u, i) => [u, i]));
  const { adjStart, adjUnit } = slots.graph;
  const adjacent = units.map((u) => {
    let mask = 0;
    for (let j = adjStart[u]; j < adjStart[u + 1]; j++) {
      const i = index.get(adjUnit[j]);
      if (i !== undefined) mask |= 1 << i;
    }
    return mask;
  });
  const all = (1 << n) - 1;
  const sum = (values: ArrayLike<number>, mask: number) => {
    let t = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) t += values[i];
    return t;
  };
  const load = units.map((u) => slots.unitLoad[u]);
  // Households a unit costs in each slot (away from its first grid), and units that must stay.
  const cost = group.map((s) => units.map((u) => (initialOwner[u] === s ? 0 : slots.unitHouseholds[u])));
  const must = group.map((s) =>
    units.reduce((m, u, i) => (slots.pinned[u] === 1 && slots.owner[u] === s ? m | (1 << i) : m), 0),
  );
  const maskOf = (s: number) => units.reduce((m, u, i) => (slots.owner[u] === s ? m | (1 << i) : m), 0);
  const evaluate = (masks: number[]) => {
    let out = 0;
    let distance = 0;
    let moved = 0;
    for (let j = 0; j < k; j++) {
      const v = slots.violation(group[j], sum(load, masks[j]));
      if (v > 0) out++;
      distance += v;
      moved += sum(cost[j], masks[j]);
    }
    return { out, distance, moved, masks };
  };
  const now = group.map(maskOf);
  let best = evaluate(now);
  const start = best;
  const consider = (parts: number[]) => {
    for (const naming of NAMINGS[k]) {
      const masks = naming.map((p) => parts[p]);
      if (masks.some((m, j) => (must[j] & ~m) !== 0)) continue;
      const r = evaluate(masks);
      const better =
        r.out < best.out ||
        (r.out === best.out &&
          (r.distance < best.distance - EPSILON ||
            (r.distance <= best.distance + EPSILON && r.moved < best.moved - EPSILON)));
      if (better) best = r;
    }
  };
  let budget = GROUP_SETS;
  // Once every grid of the group is in range, a part above the largest maximum can lead nowhere, and
  // neither can any set grown from it (loads are never negative).
  const ceiling = Math.max(...group.map((s) => slots.range[s]!.max)) + EPSILON;
  const hopeless = (setLoad: number) => best.out === 0 && setLoad > ceiling;
  // Connected sets of `within` holding its lowest unit, each once (grown through the frontier,
  // earlier choices banned); `visit` sees each with its rest in `within`.
  const sets = (within: number, visit: (set: number, rest: number) => void) => {
    const root = within & -within;
    const grow = (set: number, setLoad: number, frontier: number, banned: number): void => {
      if (budget-- <= 0 || hopeless(setLoad)) return;
      visit(set, within & ~set);
      let f = frontier;
      let ban = banned;
      while (f !== 0 && budget > 0) {
        const bit = f & -f;
        f &= ~bit;
        ban |= bit;
        const v = 31 - Math.clz32(bit);
        grow(set | bit, setLoad + load[v], (f | adjacent[v]) & within & ~set & ~bit & ~ban, ban);
      }
    };
    const r = 31 - Math.clz32(root);
    grow(root, load[r], adjacent[r] & within, root);
  };
  sets(all, (first, rest) => {
    if (rest === 0 || hopeless(sum(load, rest) / (k - 1))) return;
    if (k === 2) {
      if (connected(rest, adjacent)) consider([first, rest]);
      return;
    }
    const pieces = components(rest, adjacent);
    if (pieces.length === 2) consider([first, pieces[0], pieces[1]]);
    else if (pieces.length === 1) {
      sets(rest, (second, third) => {
        if (third !== 0 && connected(third, adjacent)) consider([first, second, third]);
      });
    }
  });
  if (best === start) return false;
  for (let i = 0; i < n; i++) {
    const u = units[i];
    const want = group[best.masks.findIndex((m) => (m & (1 << i)) !== 0)];
    if (slots.owner[u] !== want) slots.moveUnit(u, slots.owner[u], want);
  }
  slots.commit();
  return true;
}

/** Whether a non-empty set of units (a bit mask) is connected through `adjacent`. */
function connected(mask: number, adjacent: number[]): boolean {
  return components(mask, adjacent, 1).length === 1;
}

/** Connected pieces of a set of units (bit masks), lowest first; stops past `limit` + 1 pieces. */
function components(mask: number, adjacent: number[], limit = 2): number[] {
  const out: number[] = [];
  let left = mask;
  while (left !== 0 && out.length <= limit) {
    let seen = left & -left;
    let frontier = seen;
    while (frontier !== 0) {
      const bit = frontier & -frontier;
      frontier &= ~bit;
      const next = adjacent[31 - Math.clz32(bit)] & mask & ~seen;
      seen |= next;
      frontier |= next;
    }
    out.push(seen);
    left &= ~seen;
  }
  return out;
}
