import type { CodeStyle, GridCollection, LoadStats, LocalProjection, Range } from '@wangge/core';
import type { Repair } from '@wangge/geometry';
import type { Feature, Position } from 'geojson';
import { draftsToFindings, type PartitionFinding } from './findings';
import { type Atoms, atomGraph, barrierSegments, latticeAtoms, tilingAtoms } from './internal/atoms';
import {
  type Boundary,
  metricRings,
  type Parent,
  pieceFor,
  projectionFor,
  readParent,
  styleFor,
} from './internal/frame';
import { groupAtoms, type PendingProblem } from './internal/groupAtoms';
import { type Checked, checkOptions } from './internal/options';
import { finish, type ParentPartition } from './internal/result';
import { frameOver, type LatticeFrame } from './regularGrid';

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
/** A lattice cell heavier than this share of the range's maximum halves the default cell size. */
const HEAVY_CELL = 0.25;
/** Units covering the boundary's area to within this share are taken as meant to tile it. */
const TILING_SHARE = 0.02;
/** Most halvings of the default cell size. */
const MAX_HALVINGS = 2;
/** Most lattice atoms a halving may lead to. */
const MAX_LATTICE_ATOMS = 40_000;

/**
 * Splits a boundary into contiguous, compact grids of comparable load (任务相当), never cutting an atomic
 * unit. Method: the boundary is cut into atoms (the units themselves when they tile it, else cells of a fine
 * lattice owned by the points and units in them); each connected piece of the atom graph is split by
 * weighted recursive bisection (growth along the principal axis, preferring cuts along barrier lines),
 * then refined by moving border atoms to lighter neighbours while every grid stays connected. With a range,
 * clusters of grids around a grid out of range are cut afresh exactly, then grids are made compact: border
 * atoms move and neighbouring pairs of grids are re-cut along straight lines where that raises their
 * Polsby-Popper compactness, no grid leaving the range. Islands too light to stand alone join the nearest
 * grid and are reported. The grids tile the boundary exactly.
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
  const problems: PendingProblem[] = [];
  const tiled = opts.units ? tilingAtoms(opts.units, rings, projection) : null;
  let atoms: Atoms | null = tiled !== null && 'mesh' in tiled ? tiled : null;
  if (tiled !== null && !('mesh' in tiled) && Math.abs(tiled.share - 1) <= TILING_SHARE) {
    // Units that cover the boundary, as compounds do, but miss it edge for edge: say so, and where.
    problems.push({
      kind: 'units-not-tiling',
      message: `the units cover ${(100 * tiled.share).toFixed(1)}% of the boundary but do not tile it edge for edge (first mismatch at ${tiled.at[0]}, ${tiled.at[1]}: a gap, an overlap, or a vertex one side lacks), so they are placed on a lattice and grid boundaries follow lattice cells; give the units and the boundary shared vertices on the kernel's 1e-9° grid`,
    });
  }
  if (atoms === null) {
    let area = 0;
    for (const r of rings) {
      for (let i = 0, j = r.x.length - 1; i < r.x.length; j = i++)
        area += (r.x[j] * r.y[i] - r.x[i] * r.y[j]) / 2;
    }
    let cellSize = frame?.size ?? opts.cellSize ?? Math.sqrt(Math.abs(area) / (kEstimate * ATOMS_PER_GRID));
    for (let halvings = 0; ; halvings++) {
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
      // Households packed into few cells (a dense estate in a wide parent) leave cells too heavy to balance
      // or to shape: the default cell size halves, up to twice, while the atoms stay affordable.
      const adaptive = opts.range !== null && frame === null && opts.cellSize === null;
      if (
        !adaptive ||
        halvings === MAX_HALVINGS ||
        atoms.faces.length * 4 > MAX_LATTICE_ATOMS ||
        atoms.load.reduce((m, v) => Math.max(m, v), 0) <= opts.range![1] * HEAVY_CELL
      ) {
        break;
      }
      cellSize /= 2;
    }
  }
  const graph = atomGraph(atoms, barrierSegments(opts.barriers, projection));
  const converged = { value: true };
  const part = groupAtoms(graph, opts, problems, converged);
  return finish(atoms, graph, part, parent, style, opts, problems, converged.value);
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
