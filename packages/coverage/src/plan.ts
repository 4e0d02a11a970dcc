import {
  type CodeStyle,
  checkOptions,
  cleanGeometry,
  featuresOf,
  findPlanDefects,
  type GridGeometry,
  GridPlan,
} from '@wangge/core';
import type { Feature } from 'geojson';
import type { CoverageDefect, CoverageOptions, CoverageReport } from './types';
import { finishReport, validateCoverage } from './validator';

/** Options of {@link validatePlan}. */
export interface PlanCoverageOptions extends Omit<CoverageOptions, 'parent'> {
  /** The area the top-level grids must tile, e.g. the county. @default undefined (only enclosed holes are gaps) */
  boundary?: GridGeometry | Feature<GridGeometry>;
  /** Deepest level allowed (2 to 5). @default 5 */
  depth?: number;
  /** When given, codes must parse in this style and derive from their parent's code. @default undefined */
  codeStyle?: CodeStyle;
}

/**
 * Validates a whole plan, level by level: the plan-level defects of codes and hierarchy (duplicate codes,
 * missing parents, level skips, codes that do not match their parent's prefix; from `findPlanDefects`),
 * then for every grid the coverage of its children (they must tile it exactly), and the top level against
 * `boundary`. Each coverage defect carries the `parent` code and `level` it was found at.
 */
export function validatePlan(
  plan: GridPlan | readonly Feature[] | { type: 'FeatureCollection'; features: Feature[] },
  options: PlanCoverageOptions = {},
): CoverageReport {
  const { boundary, depth, codeStyle, ...coverage } = checkOptions(options, 'validatePlan');
  const features: readonly Feature[] = plan instanceof GridPlan ? plan.grids : featuresOf(plan);
  const properties = features.map((f) =>
    typeof f === 'object' && f !== null ? (f.properties as Record<string, unknown> | null) : null,
  );
  const drafts: Array<Omit<CoverageDefect, 'id'>> = findPlanDefects(properties, { depth, codeStyle }).map(
    (d) => ({
      kind: 'plan',
      severity: 'error',
      reason: d.kind,
      grids: d.code === undefined ? [`#${d.featureIndex}`] : [d.code],
      area: 0,
      location: null,
      message: d.message,
    }),
  );
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
