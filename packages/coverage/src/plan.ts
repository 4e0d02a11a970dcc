import {
  type CodeStyle,
  checkOptions,
  cleanGeometry,
  ErrorCode,
  featuresOf,
  findPlanDefects,
  type GridGeometry,
  GridPlan,
  WanggeError,
} from '@wangge/core';
import type { Feature } from 'geojson';
import { finishReport } from './format';
import type { CoverageDefect, CoverageOptions, CoverageReport } from './types';
import { validateCoverage } from './validator';

/** Options of {@link validatePlan}. */
export interface PlanCoverageOptions extends Omit<CoverageOptions, 'parent'> {
  /** The area the top-level grids must tile, e.g. the county. @default undefined (only enclosed holes are gaps) */
  boundary?: GridGeometry | Feature<GridGeometry>;
  /** Deepest level allowed (1 to 7: the top and up to 6 levels below). @default 7 */
  depth?: number;
  /** When given, codes must parse in this style and derive from their parent's code. @default undefined */
  codeStyle?: CodeStyle;
  /** Names of the levels, top down, for messages (`['区', '街道', '社区', '网格']`). @default undefined */
  levelNames?: readonly string[];
  /**
   * Check codes and hierarchy (`code`, `level`, `parent` on every grid). Without it a flat set, whose
   * grids carry neither `level` nor `parent` (a city's districts, an echarts map), is checked as one
   * coverage: overlaps, gaps, validity, and duplicate codes, with no hierarchy findings.
   * @default true when any grid has a `level` or `parent` property
   */
  hierarchy?: boolean;
}

/** True when no grid says where it stands in a hierarchy: a flat set of polygons. */
export function isFlatSet(features: readonly Feature[]): boolean {
  if (!Array.isArray(features)) {
    throw new WanggeError(ErrorCode.INVALID_GEOJSON, 'isFlatSet: expected an array of Features');
  }
  return features.every((f) => {
    const props = (typeof f === 'object' && f !== null ? f.properties : null) ?? {};
    return !('level' in props) && !('parent' in props);
  });
}

/**
 * Validates a whole plan, level by level: the plan-level defects of codes and hierarchy (duplicate codes,
 * missing parents, level skips, codes that do not match their parent's prefix; from `findPlanDefects`),
 * then for every grid the coverage of its children (they must tile it exactly), and the top level against
 * `boundary`. Each coverage defect carries the `parent` code and `level` it was found at. A flat set (see
 * `hierarchy`) is checked as one coverage of `boundary`.
 */
export function validatePlan(
  plan: GridPlan | readonly Feature[] | { type: 'FeatureCollection'; features: Feature[] },
  options: PlanCoverageOptions = {},
): CoverageReport {
  const { boundary, depth, codeStyle, levelNames, hierarchy, ...coverage } = checkOptions(
    options,
    'validatePlan',
  );
  const features: readonly Feature[] = plan instanceof GridPlan ? plan.grids : featuresOf(plan);
  if (!(hierarchy ?? !isFlatSet(features)))
    return validateFlatSet(features, { ...coverage, parent: boundary });
  const properties = features.map((f) =>
    typeof f === 'object' && f !== null ? (f.properties as Record<string, unknown> | null) : null,
  );
  const drafts: Array<Omit<CoverageDefect, 'id'>> = findPlanDefects(properties, {
    depth,
    codeStyle,
    levelNames,
  }).map((d) => ({
    kind: 'plan',
    severity: 'error',
    reason: d.kind,
    grids: d.code === undefined ? [`#${d.featureIndex}`] : [d.code],
    area: 0,
    location: null,
    message: d.message,
  }));
  // Group grids under their parent; a grid whose parent is missing is checked with the top level.
  const byCode = new Map<string, Feature>();
  for (const f of features) {
    const code = f?.properties?.code;
    if (typeof code === 'string' && !byCode.has(code)) byCode.set(code, f);
  }
  const children = new Map<string | null, Feature[]>();
  for (const f of features) {
    const parent = f?.properties?.parent;
    const key = typeof parent === 'string' && byCode.has(parent) ? parent : null;
    const list = children.get(key) ?? [];
    list.push(f);
    children.set(key, list);
  }
  const keys = [...children.keys()].sort((a, b) =>
    a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  for (const key of keys) {
    const grids = children.get(key)!;
    // A parent too broken to use is reported at its own level; its children are then checked alone.
    const parentGeometry = key === null ? null : cleanGeometry(byCode.get(key)!.geometry).geometry;
    const parent =
      key === null
        ? boundary
        : parentGeometry === null
          ? undefined
          : ({ ...byCode.get(key)!, geometry: parentGeometry } as Feature<GridGeometry>);
    const report = validateCoverage(grids, { ...coverage, parent });
    const level = grids[0]?.properties?.level;
    for (const d of report.defects) {
      const { id: _, ...draft } = d;
      drafts.push({
        ...draft,
        ...(key === null ? {} : { parent: key }),
        ...(typeof level === 'number' ? { level } : {}),
      });
    }
  }
  return finishReport(drafts, features.length);
}

/** One coverage, no hierarchy: the coverage defects, and a `duplicate-code` plan defect per repeated code. */
function validateFlatSet(features: readonly Feature[], options: CoverageOptions): CoverageReport {
  const drafts: Array<Omit<CoverageDefect, 'id'>> = [];
  const seen = new Set<string>();
  features.forEach((f, i) => {
    const code = (f?.properties as Record<string, unknown> | null)?.code;
    if (typeof code !== 'string') return;
    if (seen.has(code)) {
      drafts.push({
        kind: 'plan',
        severity: 'error',
        reason: 'duplicate-code',
        grids: [code],
        area: 0,
        location: null,
        message: `feature #${i}: code ${JSON.stringify(code)} is already used by another grid`,
      });
    }
    seen.add(code);
  });
  for (const { id: _, ...draft } of validateCoverage(features, options).defects) drafts.push(draft);
  return finishReport(drafts, features.length);
}
