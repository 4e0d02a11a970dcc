import { maxWeightAssignment } from './matching';
import { EPSILON, type Slots } from './slots';

/**
 * Hands the unit sets of changed sibling grids to the codes that keep the most households, an optimal
 * matching per parent (the most favourable renaming, as a re-partition is counted): when a split's new
 * part ends up holding more of the old grid's households than the part that kept the code, the two
 * swap codes. Only whole unit sets change slot, so every grid keeps its shape, load and connected parts
 * and the plan's rank is unchanged; fewer households change code (the rank's third key). A code takes
 * a unit set only in no more connected parts than its grid had (so no grid gains a part). Grids that
 * did not change, locked grids and grids holding a pinned unit are left as they are. Returns whether
 * anything changed hands.
 */
export function relabel(slots: Slots, initialOwner: Int32Array): boolean {
  const changed = new Set<number>();
  for (let u = 0; u < slots.owner.length; u++) {
    if (slots.owner[u] === initialOwner[u]) continue;
    changed.add(slots.owner[u]);
    changed.add(initialOwner[u]);
  }
  const groups = new Map<string, number[]>();
  for (const s of [...changed].sort((a, b) => a - b)) {
    const r = slots.range[s];
    if (!slots.alive[s] || r === null || slots.lockedSlot[s]) continue;
    if ([...slots.members[s]].some((u) => slots.pinned[u] === 1)) continue;
    const key = `${slots.parent[s]}:${r.min}:${r.max}`;
    const list = groups.get(key) ?? [];
    list.push(s);
    groups.set(key, list);
  }
  let any = false;
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const column = new Map(group.map((s, j) => [s, j]));
    const weight = group.map(() => new Float64Array(group.length));
    let total = 0;
    group.forEach((s, i) => {
      for (const u of slots.members[s]) {
        const j = column.get(initialOwner[u]);
        if (j !== undefined) weight[i][j] += slots.unitHouseholds[u];
        total += slots.unitHouseholds[u];
      }
    });
    // A code takes a unit set only in no more connected parts than its grid had (a new grid: one).
    const partsNow = group.map((s) => slots.components(slots.members[s]));
    const partsBefore = group.map((s) => Math.max(1, slots.components(unitsOf(initialOwner, s))));
    group.forEach((_, i) => {
      group.forEach((_, j) => {
        if (partsNow[i] > partsBefore[j]) weight[i][j] = -(total + 1);
      });
    });
    const target = maxWeightAssignment(weight);
    let gain = 0;
    group.forEach((_, i) => {
      gain += weight[i][target[i]] - weight[i][i];
    });
    if (gain <= EPSILON) continue;
    const contents = group.map((s) => [...slots.members[s]].sort((a, b) => a - b));
    group.forEach((s, i) => {
      const to = group[target[i]];
      if (to !== s) for (const u of contents[i]) slots.moveUnit(u, s, to);
    });
    slots.commit();
    any = true;
  }
  return any;
}

function unitsOf(owner: Int32Array, slot: number): number[] {
  const out: number[] = [];
  for (let u = 0; u < owner.length; u++) if (owner[u] === slot) out.push(u);
  return out;
}
