/** A balanced partition's result: grids in reading order with their codes, stats, and a finding for every grid out of range. */
import { type CodeStyle, type GridCollection, loadsToStats } from '@wangge/core';
import type { PartitionStats } from '../balancedPartition';
import type { FindingDraft } from '../findings';
import { gridsFromGroups, orderByKeys } from '../regularGrid';
import type { Atoms } from './atoms';
import type { Parent } from './frame';
import type { PendingProblem } from './groupAtoms';
import type { AtomGraph } from './grouping';
import type { Checked } from './options';
import { pointsToGrids } from './owners';
import { isStranded } from './stranded';

/** One parent's partition: the grids, where each input went, the finding drafts, the stats. */
export interface ParentPartition {
  grids: GridCollection;
  gridOf: Int32Array;
  findings: FindingDraft[];
  stats: PartitionStats;
}

/** Whether some border atom could move between part `p` and a neighbour and narrow their difference. */
function hasImprovingMove(graph: AtomGraph, part: Int32Array, load: Float64Array, p: number): boolean {
  for (let a = 0; a < graph.n; a++) {
    const pa = part[a];
    for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
      const pb = part[graph.neighbour[e]];
      if (pa === pb || (pa !== p && pb !== p)) continue;
      // Atom a would move from its part pa to pb.
      const w = graph.load[a];
      if (w > 0 && w < load[pa] - load[pb]) return true;
    }
  }
  return false;
}

export function finish(
  atoms: Atoms,
  graph: AtomGraph,
  part: Int32Array,
  parent: Parent,
  style: CodeStyle,
  opts: Checked,
  pending: PendingProblem[],
  converged: boolean,
): ParentPartition {
  let parts = 0;
  for (let a = 0; a < graph.n; a++) parts = Math.max(parts, part[a] + 1);
  const load = new Float64Array(parts);
  const area = new Float64Array(parts);
  const perimeter = new Float64Array(parts);
  const cx = new Float64Array(parts);
  const cy = new Float64Array(parts);
  const unitCount = new Int32Array(parts);
  let barrierTotal = 0;
  let barrierCut = 0;
  for (let a = 0; a < graph.n; a++) {
    const p = part[a];
    load[p] += graph.load[a];
    area[p] += graph.area[a];
    perimeter[p] += graph.perimeter[a];
    cx[p] += graph.area[a] * graph.cx[a];
    cy[p] += graph.area[a] * graph.cy[a];
    for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
      const b = graph.neighbour[e];
      if (part[b] === p) perimeter[p] -= graph.shared[e];
      if (graph.barrier[e]) {
        barrierTotal += graph.shared[e];
        if (part[b] !== p) barrierCut += graph.shared[e];
      }
    }
  }
  for (let i = 0; i < atoms.atomOfInput.length; i++)
    if (atoms.atomOfInput[i] >= 0) unitCount[part[atoms.atomOfInput[i]]]++;
  let maxY = Number.NEGATIVE_INFINITY;
  let totalArea = 0;
  for (let p = 0; p < parts; p++) {
    cx[p] /= area[p] || 1;
    cy[p] /= area[p] || 1;
    maxY = Math.max(maxY, cy[p]);
    totalArea += area[p];
  }
  // Reading order: bands one typical grid high, north to south, west to east within a band.
  const band = Math.sqrt(totalArea / Math.max(1, parts)) || 1;
  const order = orderByKeys(
    Array.from({ length: parts }, (_, p) => [Math.floor((maxY - cy[p]) / band), cx[p]]),
  );
  const rank = new Int32Array(parts);
  order.forEach((p, r) => {
    rank[p] = r;
  });
  const groups: number[][] = order.map(() => []);
  for (let a = 0; a < graph.n; a++) for (const f of atoms.faces[a]) groups[rank[part[a]]].push(f);
  const compactness = (p: number) => (perimeter[p] > 0 ? (4 * Math.PI * area[p]) / perimeter[p] ** 2 : 0);
  const grids = gridsFromGroups(atoms.mesh, groups, parent.code, parent.level, style, (_, r) => ({
    load: load[order[r]],
    units: unitCount[order[r]],
    compactness: Math.round(compactness(order[r]) * 1000) / 1000,
  }));
  const codeOf = (p: number) => grids.features[rank[p]].properties.code;
  const problems: FindingDraft[] = [];
  for (const { part: p, ...rest } of pending)
    problems.push(p === undefined ? rest : { ...rest, code: codeOf(p) });
  const gridOf = Int32Array.from(atoms.atomOfInput, (a) => (a < 0 ? -1 : rank[part[a]]));
  if (opts.points) pointsToGrids(grids, opts.points, opts.pointLoads, gridOf, order, load, unitCount);
  gridOf.forEach((g, i) => {
    if (g < 0) {
      problems.push({
        kind: 'outside-boundary',
        input: i,
        message: `${opts.points ? 'household' : 'unit'} ${i} lies outside the boundary and belongs to no grid`,
      });
    }
  });
  if (opts.range) {
    const [min, max] = opts.range;
    const explained = new Set(
      problems
        .filter((p) => p.kind === 'island-too-small' || p.kind === 'range-infeasible')
        .map((p) => p.code),
    );
    const inputLoads = opts.units ? opts.units.loads : null;
    for (let p = 0; p < parts; p++) {
      if (load[p] >= min && load[p] <= max) continue;
      const code = codeOf(p);
      const heavy: number[] = [];
      if (inputLoads) {
        for (let i = 0; i < inputLoads.length; i++)
          if (inputLoads[i] > max && gridOf[i] === rank[p]) heavy.push(i);
      }
      if (heavy.length > 0) {
        for (const i of heavy) {
          problems.push({
            kind: 'unit-above-max',
            code,
            input: i,
            load: inputLoads![i],
            message: `unit ${i} alone carries ${inputLoads![i]}, above the maximum ${max}; its grid ${code} carries ${load[p]}`,
          });
        }
      } else if (
        !explained.has(code) &&
        !(atoms.tiling && strandedIn(graph, part, p, min, max, problems, code, load[p]))
      ) {
        // Not explained by its piece, nor by a stranded unit (each reported by strandedIn).
        const blocked = hasImprovingMove(graph, part, load, p);
        problems.push({
          kind: blocked ? 'choke-point' : 'coarse-units',
          code,
          load: load[p],
          message: blocked
            ? converged
              ? `grid ${code} carries ${load[p]}, outside ${min}–${max}: the units that could move to or from a neighbour would cut a grid in two (a narrow passage)`
              : `grid ${code} carries ${load[p]}, outside ${min}–${max}: refinement stopped after ${opts.passes} passes (raise passes)`
            : `grid ${code} carries ${load[p]}, outside ${min}–${max}: every unit on its border is heavier than the difference to its neighbours${atoms.tiling ? '' : ' (a smaller cellSize splits dense spots finer)'}`,
        });
      }
    }
  }
  problems.sort((a, b) => (a.code ?? '').localeCompare(b.code ?? '') || (a.input ?? -1) - (b.input ?? -1));
  const shapes = Array.from({ length: parts }, (_, p) => compactness(p));
  return {
    grids,
    gridOf,
    findings: problems,
    stats: {
      ...loadsToStats(load),
      meanCompactness: shapes.reduce((s, v) => s + v, 0) / parts,
      minCompactness: Math.min(...shapes),
      barrierShare: barrierTotal > 0 ? barrierCut / barrierTotal : 0,
    },
  };
}

/** Reports every stranded unit of grid `p` (see {@link isStranded}); returns whether there was one. */
function strandedIn(
  graph: AtomGraph,
  part: Int32Array,
  p: number,
  min: number,
  max: number,
  problems: FindingDraft[],
  code: string,
  gridLoad: number,
): boolean {
  let found = false;
  for (let a = 0; a < graph.n; a++) {
    if (part[a] !== p || !isStranded(graph, part, a, min, max)) continue;
    found = true;
    problems.push({
      kind: 'unit-stranded',
      code,
      input: a,
      load: graph.load[a],
      message: `unit ${a} carries ${graph.load[a]}: alone it is below ${min}, and with any connected neighbours above ${max}, so no grid holding it can be in range (its grid ${code} carries ${gridLoad}); split it, or widen the range`,
    });
  }
  return found;
}
