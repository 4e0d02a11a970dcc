import {
  type CodeStyle,
  checkRange,
  ErrorCode,
  type GridCollection,
  type LoadStats,
  type LocalProjection,
  loadsToStats,
  positionProblem,
  type Range,
  WanggeError,
} from '@wangge/core';
import { featureLocation } from '@wangge/core/internal';
import type { Repair } from '@wangge/geometry';
import type { Feature, Position } from 'geojson';
import { draftsToFindings, type FindingDraft, type PartitionFinding } from './findings';
import {
  type Atoms,
  atomGraph,
  barrierSegments,
  latticeAtoms,
  tilingAtoms,
  type UnitInput,
} from './internal/atoms';
import {
  type Boundary,
  metricRings,
  type Parent,
  pieceFor,
  projectionFor,
  readParent,
  styleFor,
} from './internal/frame';
import { type AtomGraph, bisect, components, refine, repairRange } from './internal/grouping';
import { checkFeasible, MAX_BALANCED_GRIDS } from './internal/limits';
import { pointsToGrids } from './internal/owners';
import { frameOver, gridsFromGroups, type LatticeFrame, orderByKeys } from './regularGrid';

/** Options of {@link balancedPartition}. Give `households` or `units`, and `count` or `range`. */
export interface BalancedPartitionOptions {
  /** Household points: `[lon, lat]` positions, or a flat array of interleaved lon, lat. */
  households?: readonly Position[] | Float64Array;
  /** Load of each household (e.g. residents, or a weight for key groups). @default 1 each */
  householdLoads?: ArrayLike<number>;
  /**
   * Atomic units: Polygon/MultiPolygon features never cut by a grid boundary. Units that tile the boundary
   * (compounds, 小区) are used as they are; others (buildings) are placed on a fine lattice.
   */
  units?: readonly Feature[];
  /** Load of a unit. @default its `households` property */
  unitLoad?: (unit: Feature, index: number) => number;
  /** Number of grids to make. */
  count?: number;
  /** Allowed load per grid, `{ min, max }`; the number of grids follows from the total load. */
  range?: Range;
  /** Lines grid boundaries should follow (main roads, rivers): LineString/MultiLineString features. @default [] */
  barriers?: readonly unknown[];
  /** Side in metres of the lattice cells points and non-tiling units are placed on. @default about 1/24 of a grid's area */
  cellSize?: number;
  /** Code style of the grids. @default numeric under a numeric parent code, letters otherwise */
  codeStyle?: CodeStyle;
  /** Refinement passes after the bisection. @default 200 */
  passes?: number;
  /**
   * Most grids this call may make; a `count` or `range` needing more is refused before any work (the
   * partitioner's time grows faster than the number of grids). @default {@link MAX_BALANCED_GRIDS}
   */
  maxGrids?: number;
}

/** Load spread (core `LoadStats` of the grids' loads) and shape of a partition. */
export interface PartitionStats extends LoadStats {
  /** Mean Polsby-Popper compactness (4πA/P², 1 for a disc). */
  meanCompactness: number;
  /** Least Polsby-Popper compactness of a grid. */
  minCompactness: number;
  /** Share of the barrier-crossing unit adjacencies (by shared length) that became grid boundaries. */
  barrierShare: number;
}

/** What {@link balancedPartition} returns. */
export interface BalancedPartitionResult {
  /** The grids, coded in reading order; properties carry `load`, `units` and `compactness`. */
  grids: GridCollection;
  /** Index into `grids.features` of each household or unit, -1 when outside the boundary. */
  gridOf: Int32Array;
  /**
   * Every repair make-valid made to the boundary before it was cut (`@wangge/geometry` findings: kind,
   * place, m² changed; the grids tile the repaired boundary exactly), then the findings about the data
   * (grids out of range and why, inputs outside the boundary), sorted by grid. Empty when all went well.
   */
  findings: Array<Repair | PartitionFinding>;
  /** Load spread and shape of the grids. */
  stats: PartitionStats;
}

/** Lattice cells per grid when points or non-tiling units are placed on a lattice. */
const ATOMS_PER_GRID = 64;

/**
 * Splits a boundary into contiguous, compact grids of comparable load (任务相当), never cutting an atomic
 * unit. Method: the boundary is cut into atoms (the units themselves when they tile it, else cells of a fine
 * lattice owned by the points and units in them); each connected piece of the atom graph is split by
 * weighted recursive bisection (growth along the principal axis, preferring cuts along barrier lines),
 * then refined by moving border atoms to lighter neighbours while every grid stays connected. Islands too
 * light to stand alone join the nearest grid and are reported. The grids tile the boundary exactly.
 */
export function balancedPartition(
  boundary: Boundary,
  options: BalancedPartitionOptions,
): BalancedPartitionResult {
  const opts = checkOptions(options);
  const parent = readParent(boundary);
  const { findings, ...result } = partitionParent(parent, opts, projectionFor(parent.geometry), null);
  return { ...result, findings: [...(parent.repairs ?? []), ...draftsToFindings(findings)] };
}

/** Options of {@link balancedPartition} after checking, inputs flattened (shared with partitionHierarchy); the range as `[min, max]`. */
export interface Checked {
  points: Float64Array | null;
  pointLoads: Float64Array | null;
  units: UnitInput | null;
  count: number | null;
  range: [number, number] | null;
  barriers: readonly unknown[];
  cellSize: number | null;
  codeStyle: CodeStyle | undefined;
  passes: number;
}

/**
 * Checks the options of {@link balancedPartition}; throws a {@link WanggeError} naming the mistake, and
 * (unless `feasible` is false: one parent of a hierarchy, whose shortfall is a finding) a count or range
 * the inputs cannot meet.
 */
export function checkOptions(options: BalancedPartitionOptions, feasible = true): Checked {
  if (typeof options !== 'object' || options === null) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'balancedPartition needs an options object');
  }
  const { households, units, count, range } = options;
  if ((households === undefined) === (units === undefined)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'give exactly one of households or units');
  }
  if ((count === undefined) === (range === undefined)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'give exactly one of count or range');
  }
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `count must be a whole number ≥ 1, got ${String(count)}`);
  }
  const checkedRange = range === undefined ? undefined : checkRange(range, 'range');
  if (checkedRange !== undefined && !(checkedRange.max > 0)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `range.max must be above 0, got ${checkedRange.max}`);
  }
  if (options.cellSize !== undefined && !(options.cellSize > 0 && Number.isFinite(options.cellSize))) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `cellSize must be a positive number of metres`);
  }
  const passes = options.passes ?? 200;
  if (!Number.isInteger(passes) || passes < 0) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `passes must be a whole number ≥ 0`);
  }
  let points: Float64Array | null = null;
  let pointLoads: Float64Array | null = null;
  if (households !== undefined) {
    points = flatPositions(households);
    if (points.length === 0) throw new WanggeError(ErrorCode.EMPTY_INPUT, 'households is empty');
    if (options.householdLoads !== undefined) {
      if (options.householdLoads.length !== points.length / 2) {
        throw new WanggeError(ErrorCode.INVALID_OPTION, 'householdLoads must have one load per household');
      }
      pointLoads = Float64Array.from(options.householdLoads);
      checkLoads(pointLoads, 'householdLoads');
    }
  } else if (options.householdLoads !== undefined) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'householdLoads goes with households, not units');
  }
  let unitInput: UnitInput | null = null;
  if (units !== undefined) {
    if (!Array.isArray(units))
      throw new WanggeError(ErrorCode.INVALID_OPTION, 'units must be an array of Features');
    if (units.length === 0) throw new WanggeError(ErrorCode.EMPTY_INPUT, 'units is empty');
    const loadOf =
      options.unitLoad ?? ((u: Feature) => (u.properties as Record<string, unknown> | null)?.households);
    const loads = new Float64Array(units.length);
    units.forEach((u, i) => {
      if (typeof u !== 'object' || u === null || u.type !== 'Feature') {
        throw new WanggeError(
          ErrorCode.INVALID_GEOJSON,
          'a unit must be a GeoJSON Feature',
          featureLocation(u, i),
        );
      }
      const load = loadOf(u, i);
      if (typeof load !== 'number' || !Number.isFinite(load) || load < 0) {
        throw new WanggeError(
          ErrorCode.INVALID_PROPERTIES,
          `unit load must be a number ≥ 0, got ${JSON.stringify(load)}`,
          featureLocation(u, i),
        );
      }
      loads[i] = load;
    });
    unitInput = { features: units, loads };
  }
  if (feasible) checkFeasible(count, checkedRange, options.maxGrids, points, pointLoads, unitInput);
  return {
    points,
    pointLoads,
    units: unitInput,
    count: count ?? null,
    range: checkedRange === undefined ? null : [checkedRange.min, checkedRange.max],
    barriers: options.barriers ?? [],
    cellSize: options.cellSize ?? null,
    codeStyle: options.codeStyle,
    passes,
  };
}

function checkLoads(loads: Float64Array, name: string): void {
  loads.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `${name}[${i}] must be a number ≥ 0, got ${v}`);
    }
  });
}

/** Household positions as interleaved lon, lat, checked. */
export function flatPositions(households: readonly Position[] | Float64Array): Float64Array {
  const flat =
    households instanceof Float64Array
      ? households
      : Array.isArray(households)
        ? Float64Array.from(
            households.flatMap((p, i) => {
              if (!Array.isArray(p)) {
                throw new WanggeError(ErrorCode.INVALID_COORDINATE, 'a household must be [lon, lat]', {
                  featureIndex: i,
                });
              }
              return [p[0], p[1]];
            }),
          )
        : null;
  if (flat === null || flat.length % 2 !== 0) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      'households must be [lon, lat] positions or interleaved lon, lat',
    );
  }
  for (let i = 0; i < flat.length / 2; i++) {
    const problem = positionProblem(flat[2 * i], flat[2 * i + 1]);
    if (problem !== null) {
      throw new WanggeError(problem, `household ${i} is at ${flat[2 * i]}, ${flat[2 * i + 1]}`, {
        featureIndex: i,
      });
    }
  }
  return flat;
}

/**
 * The partition of one parent with checked options, in a given projection; `cellSize` and `frame`, when
 * given, place points and non-tiling units on a lattice shared with sibling parents.
 */
export function partitionParent(
  parent: Parent,
  opts: Checked,
  projection: LocalProjection,
  frame: LatticeFrame | null,
): ParentPartition {
  const style = styleFor(parent, opts.codeStyle);
  const rings = metricRings(parent.geometry, projection);
  const totalInput = opts.units
    ? sum(opts.units.loads)
    : opts.pointLoads
      ? sum(opts.pointLoads)
      : opts.points!.length / 2;
  const mid = opts.range ? (opts.range[0] + opts.range[1]) / 2 : 0;
  const kEstimate = Math.max(1, opts.count ?? Math.round(totalInput / (mid || 1)));
  let atoms: Atoms | null = opts.units ? tilingAtoms(opts.units, rings, projection) : null;
  if (atoms === null) {
    let area = 0;
    for (const r of rings) {
      for (let i = 0, j = r.x.length - 1; i < r.x.length; j = i++)
        area += (r.x[j] * r.y[i] - r.x[i] * r.y[j]) / 2;
    }
    const cellSize = frame?.size ?? opts.cellSize ?? Math.sqrt(Math.abs(area) / (kEstimate * ATOMS_PER_GRID));
    // The lattice reads the boundary in metres: densified, so long lon/lat edges are followed.
    const dense = metricRings(parent.geometry, projection, pieceFor(cellSize));
    atoms = latticeAtoms(
      parent.geometry,
      dense,
      projection,
      frame ?? frameOver(dense, 'square', cellSize),
      opts.points,
      opts.pointLoads,
      opts.units,
    );
  }
  const graph = atomGraph(atoms, barrierSegments(opts.barriers, projection));
  const problems: PendingProblem[] = [];
  const converged = { value: true };
  const part = groupAtoms(graph, opts, problems, converged);
  return finish(atoms, graph, part, parent, style, opts, problems, converged.value);
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

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

interface PendingProblem extends Omit<FindingDraft, 'code'> {
  part?: number;
}

/** One parent's partition: the grids, where each input went, the finding drafts, the stats. */
export interface ParentPartition {
  grids: GridCollection;
  gridOf: Int32Array;
  findings: FindingDraft[];
  stats: PartitionStats;
}

/** Assigns every atom a part: bisection per connected piece, refinement, light islands to their nearest part. */
function groupAtoms(
  graph: AtomGraph,
  opts: Checked,
  problems: PendingProblem[],
  converged: { value: boolean },
): Int32Array {
  const part = new Int32Array(graph.n).fill(-1);
  const pieces = components(graph).map((atoms) => ({
    atoms,
    load: atoms.reduce((s, a) => s + graph.load[a], 0),
  }));
  const total = pieces.reduce((s, p) => s + p.load, 0);
  const [min, max] = opts.range ?? [0, Number.POSITIVE_INFINITY];
  const mean = opts.count ? total / opts.count : (min + max) / 2;
  const floor = opts.range ? min : mean / 2;
  // Pieces too light to stand alone become satellites of the nearest grid (unless nothing else stands).
  const standing = pieces.filter((p) => p.load >= floor && p.load > 0);
  const main = standing.length > 0 ? standing : [pieces.reduce((a, b) => (b.load > a.load ? b : a))];
  const satellites = pieces.filter((p) => !main.includes(p));
  const infeasible = new Set<(typeof pieces)[number]>();
  const ks = main.map((p) => {
    if (opts.count) return 1;
    const lo = Math.max(1, Math.ceil(p.load / max));
    const hi = Math.floor(p.load / min);
    const k = Math.max(1, Math.round(p.load / mean));
    if (lo > hi) {
      infeasible.add(p);
      return Math.max(1, k);
    }
    return Math.min(hi, Math.max(lo, k));
  });
  if (opts.count) {
    // Largest remainder, at least one grid per piece.
    const count = Math.max(opts.count, main.length);
    const loadSum = main.reduce((s, p) => s + p.load, 0);
    const exact = main.map((p) => (loadSum > 0 ? (p.load / loadSum) * count : count / main.length));
    let given = 0;
    exact.forEach((e, i) => {
      ks[i] = Math.max(1, Math.floor(e));
      given += ks[i];
    });
    const byRemainder = exact.map((_, i) => i).sort((p, q) => (exact[q] % 1) - (exact[p] % 1) || p - q);
    for (let i = 0; given < count; i = (i + 1) % main.length, given++) ks[byRemainder[i]]++;
    while (given > count) {
      const i = ks.indexOf(Math.max(...ks));
      ks[i]--;
      given--;
    }
  }
  let parts = 0;
  main.forEach((p, i) => {
    const made = bisect(graph, p.atoms, ks[i], part, parts);
    if (infeasible.has(p)) {
      // Every grid of the piece is reported: no count of grids puts them all in range.
      const lo = Math.ceil(p.load / max);
      for (let q = parts; q < parts + made; q++) {
        problems.push({
          kind: 'range-infeasible',
          part: q,
          load: p.load,
          message: `its connected piece carries ${p.load} load, which no number of grids of ${min} to ${max} can hold: ${lo - 1} grids would be too heavy, ${lo} too light`,
        });
      }
    }
    parts += made;
  });
  converged.value = refine(graph, part, parts, opts.passes);
  if (opts.range) repairRange(graph, part, parts, min, max, opts.passes);
  for (const s of satellites) {
    // The part nearest to the satellite's first atom takes it whole.
    const a0 = s.atoms[0];
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let a = 0; a < graph.n; a++) {
      if (part[a] < 0) continue;
      const d = (graph.cx[a] - graph.cx[a0]) ** 2 + (graph.cy[a] - graph.cy[a0]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = part[a];
      }
    }
    for (const a of s.atoms) part[a] = best;
    problems.push({
      kind: 'island-too-small',
      part: best,
      load: s.load,
      message: `an island or exclave carrying ${s.load} load is too light to be a grid of its own (below ${floor}); it joins the nearest grid as a separate part`,
    });
  }
  return part;
}

function finish(
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
      } else if (!explained.has(code)) {
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
