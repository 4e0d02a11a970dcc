import type { Finding, GridGeometry, PlanDefectKind, PointTable } from '@wangge/core';
import type { Feature, Geometry } from 'geojson';

/**
 * What is wrong, as a class a planner can act on:
 * - `overlap` 重叠: two grids' interiors intersect; the area is owned twice.
 * - `gap` 缝隙/空白: uncovered area enclosed by grids (a hole of their union) inside the parent.
 * - `inlet` 缺口: uncovered area inside the parent, open to the parent's boundary.
 * - `sliver` 狭缝: a gap or inlet narrower than `sliverWidth`, typically a digitising error.
 * - `outside-parent` 越界: a grid or part of a grid outside its parent.
 * - `uncovered-parent` 未覆盖: a part of the parent no child grid touches at all.
 * - `misaligned` 边界未对齐: a vertex within `tolerance` of a neighbour's edge but not one of its vertices.
 * - `invalid` 几何无效: a grid's own geometry is broken (see {@link InvalidReason}).
 * - `multi-part` 多部件: a grid in several separate parts (a warning: an exclave 飞地 may be intended).
 * - `empty` 空网格: a grid with no area, or (with no grids at all) a plan with nothing in it.
 * - `plan` 编码/层级: a code or hierarchy defect (see `PlanDefectKind` in `@wangge/core`).
 */
export type DefectKind =
  | 'overlap'
  | 'gap'
  | 'inlet'
  | 'sliver'
  | 'outside-parent'
  | 'uncovered-parent'
  | 'misaligned'
  | 'invalid'
  | 'multi-part'
  | 'empty'
  | 'plan';

/** Every {@link DefectKind}, in report order. */
export const DEFECT_KINDS: readonly DefectKind[] = [
  'plan',
  'empty',
  'invalid',
  'overlap',
  'gap',
  'inlet',
  'uncovered-parent',
  'outside-parent',
  'sliver',
  'misaligned',
  'multi-part',
];

/** Why a grid's geometry is `invalid`. */
export type InvalidReason =
  | 'self-intersection'
  | 'bow-tie'
  | 'spike'
  | 'hole-outside-shell'
  | 'short-ring'
  | 'degenerate-ring'
  | 'unclosed-ring'
  | 'repeated-point'
  | 'wrong-orientation';

/** One finding about the data, a core `Finding` with coverage's measures. Returned, never thrown. */
export interface CoverageDefect extends Finding<DefectKind> {
  /**
   * Stable fingerprint: kind, grids and a rounded location, e.g. `gap:A1+A2@120.13000,30.27000`. Equal
   * for the same defect across runs; a baseline lists accepted defects by it.
   */
  id: string;
  kind: DefectKind;
  /** `error` fails a gate; `warning` is listed but passes unless the gate says otherwise. */
  severity: 'error' | 'warning';
  /** For `invalid` an {@link InvalidReason}, for `plan` a `PlanDefectKind`. */
  reason?: InvalidReason | PlanDefectKind;
  /** Codes of the grids involved (sorted); for `uncovered-parent` the parent's code when known. */
  grids: string[];
  /** Code of the parent whose children were checked, when run on a plan. */
  parent?: string;
  /** Level of the grids checked, when known. */
  level?: number;
  /** Area in m² on the WGS84 ellipsoid (0 for point-like defects). */
  area: number;
  /** Width in m: twice the radius of the largest inscribed circle (areal defects). */
  width?: number;
  /** For `misaligned`: distance in m from the vertex to the neighbour's edge. */
  distance?: number;
  /** With households given: how many lie in the defect (unowned in a gap, owned twice in an overlap). */
  households?: number;
  /** Where, as GeoJSON; `null` for a defect of codes alone. */
  location: Geometry | null;
  /** Plain-language explanation. */
  message: string;
}

/** Options of {@link validateCoverage}. */
export interface CoverageOptions {
  /**
   * The area the grids must tile (their parent). Without it, only holes enclosed by the grids are gaps and
   * nothing is outside. @default undefined
   */
  parent?: GridGeometry | Feature<GridGeometry>;
  /**
   * Gaps and inlets narrower than this many metres are reported as `sliver` instead: tiny digitising
   * errors and real blind spots are told apart, and raising it never hides a gap. (Not to be confused
   * with the gate's `thresholds.gapWidth`, below which a gap passes.) @default 1
   */
  sliverWidth?: number;
  /**
   * A vertex within this many metres of a neighbour's edge, but not on it, is `misaligned`; 0 reports
   * only vertices exactly on a neighbour's edge that lack a matching vertex. @default 0.5
   */
  tolerance?: number;
  /**
   * Households to count in every areal defect, as core's `PointTable` (e.g. the example city's
   * households, or `pointTable(xy)`), placed by the one point rule (`@wangge/index`'s `PolygonIndex`,
   * as `assign` places them): in a gap, inlet, sliver or uncovered part those no grid owns, in an overlap
   * those inside both grids, in spill those outside the parent. @default undefined
   */
  households?: PointTable;
}

/** Counts of defects by kind. */
export type DefectCounts = Record<DefectKind, number>;

/** What {@link validateCoverage} or {@link validatePlan} found. */
export interface CoverageReport {
  /** Every defect, sorted by kind (see {@link DEFECT_KINDS}), then grids, then id. */
  defects: CoverageDefect[];
  /** Number of grids checked. */
  grids: number;
  /** Defects by kind. */
  counts: DefectCounts;
  /** Number of `error` defects. */
  errors: number;
  /** Number of `warning` defects. */
  warnings: number;
  /** Total area of `gap`, `inlet`, `sliver` and `uncovered-parent` defects, m². */
  gapArea: number;
  /** Total area of `overlap` defects, m². */
  overlapArea: number;
}
