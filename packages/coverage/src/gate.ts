import {
  ErrorCode,
  escapeControl,
  type GridGeometry,
  geodesicArea,
  normalizeGeometry,
  WanggeError,
} from '@wangge/core';
import type { Feature, FeatureCollection } from 'geojson';
import { finishReport, formatArea, formatLength } from './format';
import { type PlanCoverageOptions, validatePlan } from './plan';
import type { CoverageDefect, CoverageReport } from './types';

/** Limits below which a defect is listed but does not fail the gate. */
export interface Thresholds {
  /**
   * A gap, inlet, sliver or uncovered parent area no larger than this many m² (and no wider than
   * `gapWidth`) passes. @default 0
   */
  gapArea?: number;
  /** A gap-like defect no wider than this many metres (and no larger than `gapArea`) passes. @default 0 */
  gapWidth?: number;
  /** An overlap or spill outside the parent no larger than this many m² passes. @default 0 */
  overlapArea?: number;
  /** Whether warnings (multi-part grids, orientation, vertices on an edge) fail too. @default false */
  failOnWarnings?: boolean;
}

/** Defects accepted once (e.g. an approved gap at the county edge), listed by id. */
export interface Baseline {
  accepted: Array<{ id: string; note?: string }>;
}

/** Options of {@link checkCoverage}. */
export interface CheckOptions extends PlanCoverageOptions {
  /** When a defect fails the gate. @default {} (every error fails) */
  thresholds?: Thresholds;
  /** Accepted defects: they are listed but never fail. @default undefined */
  baseline?: Baseline;
}

/** What happened to each defect at the gate. */
export type DefectStatus = 'failing' | 'accepted' | 'below-threshold' | 'warning';

/** The outcome of {@link checkCoverage}. */
export interface CheckResult {
  report: CoverageReport;
  /** Status of each defect, by position in `report.defects`. */
  status: DefectStatus[];
  /** Number of defects that fail the gate. */
  failing: number;
  /** Baseline ids that no longer match any defect (fixed since they were accepted). */
  stale: string[];
  /** True when no defect fails the gate (`failing` is 0). */
  pass: boolean;
}

const GAP_LIKE = new Set(['gap', 'inlet', 'sliver', 'uncovered-parent']);

/**
 * The CI gate: validates a plan (see {@link validatePlan}), applies thresholds, and compares with a
 * baseline of accepted defects, so that only new defects fail; accepted ones are still listed.
 */
export function checkCoverage(
  plan: readonly Feature[] | FeatureCollection,
  options: CheckOptions = {},
): CheckResult {
  if (typeof options !== 'object' || options === null) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `options must be an object, got ${String(options)}`);
  }
  const { thresholds = {}, baseline, ...validation } = options;
  if (typeof thresholds !== 'object' || thresholds === null) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `thresholds must be an object, got ${String(thresholds)}`,
    );
  }
  for (const key of ['gapArea', 'gapWidth', 'overlapArea'] as const) {
    const v = thresholds[key];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && Number.isFinite(v))) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `thresholds.${key} must be a number >= 0, got ${String(v)}`,
      );
    }
  }
  const accepted = new Set(checkBaseline(baseline).map((a) => a.id));
  const validated = validatePlan(plan as FeatureCollection, validation);
  const report = validated.grids === 0 ? emptyPlanReport(validation.boundary) : validated;
  const status = report.defects.map((d): DefectStatus => {
    if (accepted.has(d.id)) return 'accepted';
    if (d.severity === 'warning' && !thresholds.failOnWarnings) return 'warning';
    if (
      GAP_LIKE.has(d.kind) &&
      d.area <= (thresholds.gapArea ?? 0) &&
      (d.width ?? 0) <= (thresholds.gapWidth ?? 0)
    ) {
      return 'below-threshold';
    }
    if ((d.kind === 'overlap' || d.kind === 'outside-parent') && d.area <= (thresholds.overlapArea ?? 0)) {
      return 'below-threshold';
    }
    return 'failing';
  });
  const present = new Set(report.defects.map((d) => d.id));
  const stale = [...accepted].filter((id) => !present.has(id)).sort();
  const failing = status.filter((s) => s === 'failing').length;
  return { report, status, failing, stale, pass: failing === 0 };
}

/** A report as the validators return it, or `INVALID_OPTION` naming the function. */
function checkReport(report: CoverageReport | undefined, fn: string): void {
  if (typeof report !== 'object' || report === null || !Array.isArray(report.defects)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `${fn}: expected a coverage report (from validateCoverage, validatePlan or checkCoverage), got ${String(report)}`,
    );
  }
}

/** The baseline's entries, checked: a caller's mistake is a `WanggeError`, not a TypeError. */
function checkBaseline(baseline: Baseline | undefined): Baseline['accepted'] {
  if (baseline === undefined) return [];
  const accepted = (baseline as { accepted?: unknown } | null)?.accepted;
  if (
    !Array.isArray(accepted) ||
    !accepted.every((a) => typeof (a as { id?: unknown } | null)?.id === 'string')
  ) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      'baseline must be { accepted: [{ id: string, note?: string }] }, as reportToBaseline returns',
    );
  }
  return accepted;
}

/**
 * The report of a plan with no grids, which never passes: the whole boundary is uncovered, or, without
 * a boundary, the plan is empty.
 */
function emptyPlanReport(boundary: PlanCoverageOptions['boundary']): CoverageReport {
  if (boundary === undefined) {
    return finishReport(
      [
        {
          kind: 'empty',
          severity: 'error',
          grids: [],
          area: 0,
          location: null,
          message: 'the plan has no grids: nothing is covered',
        },
      ],
      0,
    );
  }
  const raw = (boundary as Feature).type === 'Feature' ? (boundary as Feature).geometry : boundary;
  const geometry: GridGeometry = normalizeGeometry(raw);
  const area = geodesicArea(geometry);
  return finishReport(
    [
      {
        kind: 'uncovered-parent',
        severity: 'error',
        grids: [],
        area,
        location: geometry,
        message: `the plan has no grids: the whole boundary (${formatArea(area)}) is uncovered`,
      },
    ],
    0,
  );
}

/** A baseline accepting every defect of a report, to start a gate on a plan with known defects. */
export function reportToBaseline(report: CoverageReport, note?: string): Baseline {
  checkReport(report, 'reportToBaseline');
  if (note !== undefined && typeof note !== 'string') {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `reportToBaseline: note is text, got ${typeof note}`);
  }
  return { accepted: report.defects.map((d) => (note === undefined ? { id: d.id } : { id: d.id, note })) };
}

/** Output formats of {@link checkToText}. */
export type CheckFormat = 'text' | 'json' | 'geojson';

/**
 * Renders a check: `text` for people (one line per defect, failing first), `json` for programs (the
 * whole result), `geojson` for a map (one feature per located defect, with its status).
 */
export function checkToText(result: CheckResult, format: CheckFormat = 'text'): string {
  checkReport(result?.report, 'checkToText');
  if (!Array.isArray(result.status) || result.status.length !== result.report.defects.length) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      'checkToText: result must be what checkCoverage returned',
    );
  }
  const { report, status } = result;
  if (format === 'json') {
    const defects = report.defects.map((d, i) => ({ ...d, status: status[i] }));
    return `${JSON.stringify({ pass: result.pass, failing: result.failing, stale: result.stale, ...report, defects }, null, 2)}\n`;
  }
  if (format === 'geojson') {
    const features = report.defects.flatMap((d, i) =>
      d.location === null
        ? []
        : [
            {
              type: 'Feature' as const,
              properties: {
                ...withoutLocation(d),
                status: status[i],
                stroke: COLOURS[status[i]],
                fill: COLOURS[status[i]],
              },
              geometry: d.location,
            },
          ],
    );
    return `${JSON.stringify({ type: 'FeatureCollection', features })}\n`;
  }
  if (format !== 'text') {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `format must be text, json or geojson, got ${String(format)}`,
    );
  }
  const order: DefectStatus[] = ['failing', 'accepted', 'below-threshold', 'warning'];
  const lines: string[] = [];
  for (const s of order) {
    report.defects.forEach((d, i) => {
      if (status[i] === s) lines.push(`${s.toUpperCase().padEnd(15)} ${escapeControl(describe(d))}`);
    });
  }
  for (const id of result.stale)
    lines.push(`${'STALE'.padEnd(15)} baseline entry no longer found: ${escapeControl(id)}`);
  const counts = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  lines.push(
    `${report.grids} grids: ${counts || 'no defects'}; gaps ${formatArea(report.gapArea)}, overlaps ${formatArea(report.overlapArea)}.`,
    result.pass ? 'PASS' : `FAIL: ${result.failing} defect(s) above thresholds`,
  );
  return `${lines.join('\n')}\n`;
}

const COLOURS: Record<DefectStatus, string> = {
  failing: '#d7191c',
  accepted: '#2b83ba',
  'below-threshold': '#fdae61',
  warning: '#abdda4',
};

function withoutLocation(d: CoverageDefect): Omit<CoverageDefect, 'location'> {
  const { location: _, ...rest } = d;
  return rest;
}

function describe(d: CoverageDefect): string {
  const measures = [
    d.area > 0 ? formatArea(d.area) : '',
    d.width !== undefined ? `width ${formatLength(d.width)}` : '',
    d.distance !== undefined ? `off by ${formatLength(d.distance)}` : '',
    d.households !== undefined ? `${d.households} households` : '',
  ]
    .filter((s) => s !== '')
    .join(', ');
  return `${d.kind}${d.reason ? `/${d.reason}` : ''} ${d.message}${measures ? ` [${measures}]` : ''}  (${d.id})`;
}
