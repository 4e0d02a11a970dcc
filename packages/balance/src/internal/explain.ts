import type {
  BlockedMove,
  NeighbourLoad,
  RebalanceFinding,
  Refusal,
  Remedy,
  UnitFinding,
  UnresolvedGrid,
} from '../findings';
import type { GroupProof } from './prove';
import type { Slots } from './slots';
import { chunkOf } from './transfer';

/**
 * Findings for every live slot still out of range (what blocks it and what would help), then for every
 * unit heavier than its grid's maximum and every unit in several parts that sits in such a grid.
 */
export function explainSlots(
  slots: Slots,
  unitIds: ReadonlyArray<string | number>,
  proofs: Map<number, GroupProof> | null,
): RebalanceFinding[] {
  const grids: UnresolvedGrid[] = [];
  const unitFindings: UnitFinding[] = [];
  const order = slots.code
    .map((_, s) => s)
    .filter((s) => slots.alive[s])
    .sort((a, b) => (slots.planId[a] < 0 ? 1 : 0) - (slots.planId[b] < 0 ? 1 : 0) || a - b);
  for (const s of order) {
    const r = slots.range[s];
    if (r === null) continue;
    for (const u of [...slots.members[s]].sort((a, b) => a - b)) {
      if (slots.unitLoad[u] > r.max) unitFindings.push(unitFinding(slots, unitIds, u, 'unit-above-max'));
      else if (slots.pinned[u] === 1 && slots.violation(s) > 0 && slots.lockedUnit[u] === 0) {
        unitFindings.push(unitFinding(slots, unitIds, u, 'unit-multi-part'));
      }
    }
    if (slots.violation(s) > 0)
      grids.push(explainGrid(slots, unitIds, s, proofs === null ? null : (proofs.get(s) ?? null)));
  }
  return [...grids, ...unitFindings];
}

function unitFinding(
  slots: Slots,
  unitIds: ReadonlyArray<string | number>,
  u: number,
  kind: 'unit-above-max' | 'unit-multi-part',
): UnitFinding {
  const code = slots.code[slots.owner[u]];
  const load = slots.unitLoad[u];
  const max = slots.range[slots.owner[u]]!.max;
  return {
    id: `${kind}:${unitIds[u]}`,
    unitId: unitIds[u],
    kind,
    severity: kind === 'unit-above-max' ? 'error' : 'warning',
    grids: [code],
    unit: u,
    load,
    households: slots.unitHouseholds[u],
    message:
      kind === 'unit-above-max'
        ? `unit ${unitIds[u]} alone carries ${round(load)}, above the maximum ${max} of grid ${code}: split it (a compound into its buildings) or widen the range`
        : `unit ${unitIds[u]} of grid ${code} is in several parts: it never moves (a grid receiving it would gain a part) and ${code} gives no unit (one leaving could cut a part of it off): split it at its parts to let the grid change`,
  };
}

/** What blocks one slot out of range, and what would help. */
function explainGrid(
  slots: Slots,
  unitIds: ReadonlyArray<string | number>,
  s: number,
  proof: GroupProof | null,
): UnresolvedGrid {
  const r = slots.range[s]!;
  const load = slots.load[s];
  const over = load > r.max;
  const code = slots.code[s];
  const neighbours: NeighbourLoad[] = slots
    .adjacentSlots(s, true)
    .map((t) => ({ code: slots.code[t], load: slots.load[t], locked: slots.lockedSlot[t] }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const smallestMove = blockedMove(slots, unitIds, s);
  const heavy = [...slots.members[s]].filter((u) => slots.unitLoad[u] > r.max).sort((a, b) => a - b);
  const lockedNear =
    slots.lockedSlot[s] || smallestMove?.refused === 'lock' || neighbours.some((n) => n.locked);
  const cause: UnresolvedGrid['cause'] =
    heavy.length > 0 ? 'unit-above-max' : lockedNear ? 'lock' : 'no-step';
  const remedies: Remedy[] = [];
  for (const u of heavy) remedies.push({ kind: 'split-unit', unit: u, id: unitIds[u] });
  if (lockedNear) {
    const lockedGrids = [
      slots.lockedSlot[s] ? code : null,
      ...neighbours.filter((n) => n.locked).map((n) => n.code),
    ];
    const lockedUnits =
      smallestMove?.refused === 'lock' && slots.pinned[smallestMove.unit] === 1 ? [smallestMove.id] : [];
    remedies.push({
      kind: 'unlock',
      grids: lockedGrids.filter((c): c is string => c !== null),
      units: lockedUnits,
    });
  }
  if (
    smallestMove !== null &&
    (smallestMove.refused === 'overshoots' || smallestMove.refused === 'contiguity') &&
    !heavy.includes(smallestMove.unit)
  ) {
    // The part of the unit that would move: enough for this grid, not too much for either side.
    const other = slotOfCode(slots, over ? smallestMove.to : smallestMove.from);
    const ro = slots.range[other];
    const least = over ? load - r.max : r.min - load;
    const most = Math.min(
      over ? load - r.min : r.max - load,
      ro === null ? Number.POSITIVE_INFINITY : over ? ro.max - slots.load[other] : slots.load[other] - ro.min,
      smallestMove.load,
    );
    if (least <= most) {
      remedies.push({
        kind: 'split-unit',
        unit: smallestMove.unit,
        id: smallestMove.id,
        part: { min: round(least), max: round(most) },
      });
    }
  }
  // A split helps only a grid heavy enough for two grids in range; a merge only where the two fit one.
  if (over && load >= 2 * r.min) remedies.push({ kind: 'split-grid' });
  if (!over) {
    const partner = neighbours
      .filter((n) => !n.locked && n.load + load <= r.max)
      .sort((a, b) => b.load - a.load || (a.code < b.code ? -1 : 1))[0];
    if (partner !== undefined) remedies.push({ kind: 'merge', with: partner.code });
  }
  remedies.push({
    kind: 'widen-range',
    min: over ? r.min : Math.floor(load),
    max: over ? Math.ceil(load) : r.max,
  });
  return {
    id: `out-of-range:${code}`,
    kind: 'out-of-range',
    severity: 'error',
    grids: [code],
    message: describe(code, load, r, over, neighbours, smallestMove, remedies) + proofToText(proof),
    code,
    load,
    range: { min: r.min, max: r.max },
    status: over ? 'over' : 'under',
    cause,
    neighbours,
    smallestMove,
    remedies,
    proof,
  };
}

const BINDING: Record<GroupProof['binding'], string> = {
  lock: 'the locks',
  contiguity: 'contiguity (grids must stay in one piece)',
  'grid-count': 'the number of grids (their load cannot fill that many grids in range)',
  'unit-sizes': 'the unit sizes (no grouping of these units fits the range)',
};

function proofToText(proof: GroupProof | null): string {
  if (proof === null) return '';
  const how = proof.proven
    ? 'proven by the exact reference'
    : 'the best the exact reference found within its node limit, not proven';
  const which =
    proof.scope === 'siblings'
      ? `the ${proof.grids} sibling grids`
      : `the ${proof.grids} grids ${proof.codes.join(', ')} (this grid and its neighbours, the rest as it is)`;
  return `. At most ${proof.bestInRange} of ${which} can be in range (${how}; binding: ${BINDING[proof.binding]})`;
}

/**
 * The smallest unit move that would help slot `s`: for an overloaded grid, one of its units to a
 * neighbour; for an underloaded one, a neighbour's unit to it. The lightest that alone brings the grid
 * into range, else the heaviest that helps; with the first reason it is refused.
 */
function blockedMove(slots: Slots, unitIds: ReadonlyArray<string | number>, s: number): BlockedMove | null {
  const r = slots.range[s]!;
  const over = slots.load[s] > r.max;
  const gap = over ? slots.load[s] - r.max : r.min - slots.load[s];
  const { adjStart, adjUnit } = slots.graph;
  const candidates: Array<{ u: number; from: number; to: number }> = [];
  const seen = new Set<string>();
  for (const u of slots.members[s]) {
    for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
      const w = adjUnit[k];
      const t = slots.owner[w];
      if (t === s || slots.parent[t] !== slots.parent[s] || !slots.alive[t]) continue;
      const [unit, from, to] = over ? [u, s, t] : [w, t, s];
      const key = `${unit}:${to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push({ u: unit, from, to });
    }
  }
  if (candidates.length === 0) return null;
  const load = (c: { u: number }) => slots.unitLoad[c.u];
  const fixing = candidates.filter((c) => load(c) >= gap).sort((a, b) => load(a) - load(b) || a.u - b.u);
  const pick = fixing[0] ?? [...candidates].sort((a, b) => load(b) - load(a) || a.u - b.u)[0];
  return {
    unit: pick.u,
    id: unitIds[pick.u],
    load: load(pick),
    from: slots.code[pick.from],
    to: slots.code[pick.to],
    refused: refusal(slots, pick.u, pick.from, pick.to),
  };
}

/** The first reason moving unit `u` from `from` to `to` was refused. */
function refusal(slots: Slots, u: number, from: number, to: number): Refusal {
  if (slots.lockedSlot[from] || slots.lockedSlot[to]) return 'lock';
  if (slots.pinned[u] === 1) return slots.lockedUnit[u] === 1 ? 'lock' : 'multi-part';
  if (slots.holdsMultiPart[from]) return 'multi-part';
  const chunk = chunkOf(slots, from, u);
  if (chunk === null || chunk.length > 1) return 'contiguity';
  const l = slots.unitLoad[u];
  const rt = slots.range[to];
  const rf = slots.range[from];
  if (rt !== null && slots.load[to] + l > rt.max && slots.load[to] <= rt.max) return 'neighbour-over-max';
  if (rf !== null && slots.load[from] - l < rf.min && slots.load[from] >= rf.min)
    return 'neighbour-under-min';
  return 'overshoots';
}

function describe(
  code: string,
  load: number,
  r: { min: number; max: number },
  over: boolean,
  neighbours: NeighbourLoad[],
  move: BlockedMove | null,
  remedies: Remedy[],
): string {
  const side = over ? `above the maximum ${r.max}` : `below the minimum ${r.min}`;
  const near =
    neighbours.length === 0
      ? 'no sibling grid borders it'
      : `neighbours ${neighbours.map((n) => `${n.code} (${round(n.load)}${n.locked ? ', locked' : ''})`).join(', ')}`;
  const why: Record<Refusal, string> = {
    contiguity: 'it would cut a grid in two',
    'neighbour-over-max': `${move?.to} would go over the maximum`,
    'neighbour-under-min': `${move?.from} would drop under the minimum`,
    overshoots: 'it is heavier than the room it would fill',
    lock: 'a grid or unit is locked',
    'multi-part': 'a unit in several parts is involved (it never moves, and its grid gives no unit)',
    'no-neighbour': 'no sibling borders it',
  };
  const moveText =
    move === null
      ? ''
      : `; the smallest helpful move, unit ${move.id} (${round(move.load)}) from ${move.from} to ${move.to}, was refused: ${why[move.refused]}`;
  const fixes = remedies.map((m) => remedyToText(m, code));
  return `grid ${code} carries ${round(load)}, ${side}; ${near}${moveText}. To fix: ${fixes.join(', or ')}`;
}

function remedyToText(m: Remedy, code: string): string {
  if (m.kind === 'widen-range') return `widen the range to ${round(m.min)}..${round(m.max)}`;
  if (m.kind === 'split-unit') {
    return m.part === undefined
      ? `split unit ${m.id}`
      : `split unit ${m.id} so that a part of ${m.part.min}..${m.part.max} moves`;
  }
  if (m.kind === 'merge') return `allow a merge with ${m.with}`;
  if (m.kind === 'split-grid') return `allow a split of ${code}`;
  return `unlock ${[...m.grids, ...m.units.map((u) => `unit ${u}`)].join(', ')}`;
}

/** The live slot with a code. */
function slotOfCode(slots: Slots, code: string): number {
  return slots.code.findIndex((c, s) => c === code && slots.alive[s]);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
