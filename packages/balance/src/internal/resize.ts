import { principalAngle } from '@wangge/core/internal';
import { carveParts } from './carve';
import { EPSILON, isBetter, type Score, type Slots } from './slots';
import { type Strategy, thrift, transfer } from './transfer';

/** What the structural steps need besides the state. */
export interface ResizeContext {
  slots: Slots;
  maxPath: number;
  allowSplit: boolean;
  allowMerge: boolean;
  /** How transfers choose among improving moves. */
  strategy: Strategy;
  /** Splits and merges accepted so far, in order; `other` of a split is filled in by the caller. */
  changes: Array<{ kind: 'split' | 'merge'; code: number; other: number }>;
}

/** A tried structural step: its score, the households it moves, and how to redo it. */
interface Trial {
  score: Score;
  households: number;
  apply: () => void;
}

/**
 * Transfers inside the neighbourhood of `around` until none helps: each is accepted only when the
 * plan's score improves, so this only ever settles what a split or a merge disturbed.
 */
function settle(ctx: ResizeContext, around: number[]): void {
  const { slots } = ctx;
  const near = new Set(around);
  for (const s of around) for (const t of slots.adjacentSlots(s)) near.add(t);
  const stuck = new Set<number>();
  for (let round = 0; round < 4 * near.size; round++) {
    let worst = -1;
    for (const s of near) {
      if (!slots.alive[s] || stuck.has(s) || slots.violation(s) <= 0) continue;
      if (worst < 0 || slots.violation(s) > slots.violation(worst)) worst = s;
    }
    if (worst < 0) return;
    const over = slots.load[worst] > slots.range[worst]!.max;
    if (transfer(slots, worst, over, ctx.maxPath, ctx.strategy)) stuck.clear();
    else stuck.add(worst);
  }
}

/** Households whose slot differs from the one they held at `mark` time, from the journal's net effect. */
function movedSince(slots: Slots, before: Int32Array): number {
  let h = 0;
  for (let u = 0; u < slots.owner.length; u++) if (slots.owner[u] !== before[u]) h += slots.unitHouseholds[u];
  return h;
}

/**
 * Tries every candidate, keeps the one `strategy` prefers among those that beat the current score
 * (`rank`: the best score, ties fewer households; `thrift`: the most distance removed per household).
 */
function bestTrial(
  slots: Slots,
  strategy: Strategy,
  candidates: Array<() => boolean>,
  before: Score = slots.snapshot(),
): Trial | null {
  const owners = slots.owner.slice();
  let best: Trial | null = null;
  for (const run of candidates) {
    const mark = slots.mark();
    if (run()) {
      const score = slots.snapshot();
      const households = movedSince(slots, owners);
      const preferred =
        best === null ||
        (strategy === 'thrift'
          ? thrift(before, score, households) > thrift(before, best.score, best.households) + EPSILON
          : isBetter(score, best.score) ||
            (!isBetter(best.score, score) && households < best.households - EPSILON));
      if (isBetter(score, before) && preferred) {
        best = { score, households, apply: run };
      }
    }
    slots.undo(mark);
  }
  return best;
}

/**
 * Splits an overloaded slot in two (the new part as light as lets both be in range, else halves), then
 * settles the neighbourhood; kept only when the plan's score improves. The part with more households
 * keeps the code. Returns the new slot, or -1.
 */
export function trySplit(ctx: ResizeContext, slot: number): number {
  const { slots } = ctx;
  const r = slots.range[slot];
  if (!ctx.allowSplit || r === null || slots.lockedSlot[slot] || slots.members[slot].size < 2) return -1;
  const margin = 0.1 * (r.max - r.min);
  const least = Math.max(r.min + margin, slots.load[slot] - r.max + margin);
  const targets = [least <= slots.load[slot] - r.min - margin ? least : slots.load[slot] / 2];
  if (targets[0] !== slots.load[slot] / 2) targets.push(slots.load[slot] / 2);
  const units = [...slots.members[slot]].sort((a, b) => a - b);
  const parts = targets.flatMap((t) => grow(slots, units, t));
  const before = slots.snapshot();
  const fresh = slots.addSlot('', slots.parent[slot], r, -1);
  const candidates = dedupe(parts).map((part) => () => {
    const inPart = new Set(part);
    const rest = units.filter((u) => !inPart.has(u));
    const households = (list: number[]) => list.reduce((s, u) => s + slots.unitHouseholds[u], 0);
    // The part with more households keeps the code: fewer households change grid.
    let moving = households(part) > households(rest) ? rest : part;
    if (moving.some((u) => !slots.isMovable(u))) moving = moving === part ? rest : part;
    if (moving.some((u) => !slots.isMovable(u))) return false;
    for (const u of moving) slots.moveUnit(u, slot, fresh);
    settle(ctx, [slot, fresh]);
    return true;
  });
  // A new grid carved from the slot and the overloaded grids around it, each giving a unit.
  for (const part of carveParts(slots, slot, fresh)) {
    const donors = [...new Set(part.map((u) => slots.owner[u]))];
    candidates.push(() => {
      for (const u of part) slots.moveUnit(u, slots.owner[u], fresh);
      settle(ctx, [fresh, ...donors]);
      return true;
    });
  }
  const best = bestTrial(slots, ctx.strategy, candidates, before);
  if (best === null) {
    slots.kill(fresh, true);
    return -1;
  }
  best.apply();
  ctx.changes.push({ kind: 'split', code: slot, other: fresh });
  return fresh;
}

/**
 * Merges an underloaded slot with an adjacent sibling (the one with more households absorbs the other,
 * 以大吸收小), then settles the neighbourhood; of the neighbours, the merge with the best score is kept
 * when it improves the plan's. Returns whether a merge was made.
 */
export function tryMerge(ctx: ResizeContext, slot: number): boolean {
  const { slots } = ctx;
  if (!ctx.allowMerge || slots.lockedSlot[slot]) return false;
  const pairs: Array<[keep: number, gone: number]> = [];
  for (const t of slots.adjacentSlots(slot)) {
    if (slots.range[t] === null) continue;
    let [keep, gone] = slots.households[t] > slots.households[slot] ? [t, slot] : [slot, t];
    const stays = (s: number) => [...slots.members[s]].some((u) => !slots.isMovable(u));
    if (stays(gone)) [keep, gone] = [gone, keep];
    if (stays(gone)) continue;
    pairs.push([keep, gone]);
  }
  let chosen: [number, number] | null = null;
  const best = bestTrial(
    slots,
    ctx.strategy,
    pairs.map(([keep, gone]) => () => {
      for (const u of [...slots.members[gone]].sort((a, b) => a - b)) slots.moveUnit(u, gone, keep);
      slots.kill(gone);
      settle(ctx, [keep]);
      chosen = [keep, gone];
      return true;
    }),
  );
  if (best === null) return false;
  best.apply();
  const [keep, gone] = chosen as unknown as [number, number];
  ctx.changes.push({ kind: 'merge', code: keep, other: gone });
  return true;
}

/**
 * Draws the border between an out-of-range slot and one adjacent sibling afresh (a re-split of the
 * pair): their units are regrown into two parts whose loads both fit the range where they can, each
 * part keeping the code it shares most households with. Kept when the plan's score improves.
 */
export function tryResplit(ctx: ResizeContext, slot: number): boolean {
  const { slots } = ctx;
  if (slots.lockedSlot[slot] || slots.range[slot] === null) return false;
  const r = slots.range[slot]!;
  const candidates: Array<() => boolean> = [];
  for (const t of slots.adjacentSlots(slot)) {
    const total = slots.load[slot] + slots.load[t];
    const lo = Math.max(r.min, total - r.max);
    const hi = Math.min(r.max, total - r.min);
    if (lo > hi + EPSILON) continue;
    const units = [...slots.members[slot], ...slots.members[t]].sort((a, b) => a - b);
    for (const part of dedupe(grow(slots, units, (lo + hi) / 2))) {
      candidates.push(() => {
        const inPart = new Set(part);
        const shared = (s: number) =>
          part.reduce((h, u) => h + (slots.owner[u] === s ? slots.unitHouseholds[u] : 0), 0);
        const [a, b] = shared(slot) >= shared(t) ? [slot, t] : [t, slot];
        for (const u of units) {
          const want = inPart.has(u) ? a : b;
          if (slots.owner[u] === want) continue;
          if (!slots.isMovable(u)) return false;
          slots.moveUnit(u, slots.owner[u], want);
        }
        return true;
      });
    }
  }
  const best = bestTrial(slots, ctx.strategy, candidates);
  if (best === null) return false;
  best.apply();
  return true;
}

function dedupe(parts: number[][]): number[][] {
  const seen = new Set<string>();
  return parts.filter((p) => {
    const key = p.join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Parts of a connected set of units grown from its extreme unit along the principal axis (from both
 * ends, and from both ends across) until the load is closest to `target`, each growing through the
 * frontier unit furthest back. Parts whose rest has more connected parts than the set are left out.
 */
function grow(slots: Slots, units: number[], target: number): number[][] {
  const { cx, cy, adjStart, adjUnit } = slots.graph;
  const inSet = new Set(units);
  const angle = principalAngle(
    units.length,
    (i) => cx[units[i]],
    (i) => cy[units[i]],
  );
  const whole = slots.components(units);
  const out: number[][] = [];
  for (const [ax, ay] of [
    [Math.cos(angle), Math.sin(angle)],
    [-Math.cos(angle), -Math.sin(angle)],
    [-Math.sin(angle), Math.cos(angle)],
    [Math.sin(angle), -Math.cos(angle)],
  ]) {
    const key = (u: number) => cx[u] * ax + cy[u] * ay;
    const seed = units.reduce((best, u) => (key(u) < key(best) ? u : best), units[0]);
    const part = new Set<number>([seed]);
    let partLoad = slots.unitLoad[seed];
    const frontier = new Set<number>();
    const open = (u: number) => {
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
        const w = adjUnit[k];
        if (inSet.has(w) && !part.has(w)) frontier.add(w);
      }
    };
    open(seed);
    while (frontier.size > 0 && part.size < units.length - 1) {
      const next = [...frontier].reduce((best, u) =>
        key(u) < key(best) || (key(u) === key(best) && u < best) ? u : best,
      );
      const l = slots.unitLoad[next];
      if (Math.abs(partLoad + l - target) > Math.abs(partLoad - target) && partLoad > 0) break;
      frontier.delete(next);
      part.add(next);
      partLoad += l;
      open(next);
    }
    // Pockets the growth cut off join the part; the heaviest piece of the rest stays the rest.
    const pieces = slots.pieces(units.filter((u) => !part.has(u)));
    if (pieces.length > whole) {
      pieces.sort((p, q) => weight(slots, q) - weight(slots, p) || p[0] - q[0]);
      for (const piece of pieces.slice(1)) for (const u of piece) part.add(u);
    }
    if (part.size === units.length) continue;
    out.push([...part].sort((a, b) => a - b));
  }
  return out;
}

function weight(slots: Slots, units: number[]): number {
  return units.reduce((s, u) => s + slots.unitLoad[u], 0);
}
