import { ErrorCode, featuresOf, isWanggeError, WanggeError } from '@wangge/core';
import type { Feature, FeatureCollection } from 'geojson';
import { type PlanCoverageOptions, validatePlan } from './plan';
import type { CoverageDefect, CoverageReport } from './types';
import { formatArea, formatLength } from './validator';

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
  /** 0 when nothing fails, 1 when a defect fails (2 is for unreadable input, see {@link runCheck}). */
  exitCode: 0 | 1;
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
  const { thresholds = {}, baseline, ...validation } = options;
  for (const key of ['gapArea', 'gapWidth', 'overlapArea'] as const) {
    const v = thresholds[key];
    if (v !== undefined && !(v >= 0 && Number.isFinite(v))) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `thresholds.${key} must be a number >= 0, got ${v}`);
    }
  }
  const accepted = new Set((baseline?.accepted ?? []).map((a) => a.id));
  const report = validatePlan(plan as FeatureCollection, validation);
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
  return { report, status, failing, stale, exitCode: failing > 0 ? 1 : 0 };
}

/** A baseline accepting every defect of a report, to start a gate on a plan with known defects. */
export function reportToBaseline(report: CoverageReport, note?: string): Baseline {
  return { accepted: report.defects.map((d) => (note === undefined ? { id: d.id } : { id: d.id, note })) };
}

/** Output formats of {@link checkToText}. */
export type CheckFormat = 'text' | 'json' | 'geojson';

/**
 * Renders a check: `text` for people (one line per defect, failing first), `json` for programs (the
 * whole result), `geojson` for a map (one feature per located defect, with its status).
 */
export function checkToText(result: CheckResult, format: CheckFormat = 'text'): string {
  const { report, status } = result;
  if (format === 'json') {
    const defects = report.defects.map((d, i) => ({ ...d, status: status[i] }));
    return `${JSON.stringify({ exitCode: result.exitCode, failing: result.failing, stale: result.stale, ...report, defects }, null, 2)}\n`;
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
      if (status[i] === s) lines.push(`${s.toUpperCase().padEnd(15)} ${describe(d)}`);
    });
  }
  for (const id of result.stale) lines.push(`${'STALE'.padEnd(15)} baseline entry no longer found: ${id}`);
  const counts = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  lines.push(
    `${report.grids} grids: ${counts || 'no defects'}; gaps ${formatArea(report.gapArea)}, overlaps ${formatArea(report.overlapArea)}.`,
    result.exitCode === 0 ? 'PASS' : `FAIL: ${result.failing} defect(s) above thresholds`,
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

/** What {@link runCheck} needs: file contents, not paths, so it stays free of the file system. */
export interface CheckRequest extends Omit<CheckOptions, 'baseline'> {
  /** The text of each plan file (GeoJSON FeatureCollections; their features are checked together). */
  plans: Array<{ name: string; text: string }>;
  /** The text of a baseline file (`{ "accepted": [{ "id": ..., "note": ... }] }`). @default undefined */
  baseline?: { name: string; text: string };
  /** Output format. @default 'text' */
  format?: CheckFormat;
}

/**
 * Everything `wangge check` does, minus reading files: parses the plans and baseline, checks, renders.
 * Exit code 0 = clean, 1 = defects above thresholds, 2 = unreadable input or a bad option (the output
 * then holds the error).
 */
export function runCheck(request: CheckRequest): { exitCode: 0 | 1 | 2; output: string } {
  const { plans, baseline, format = 'text', ...options } = request;
  try {
    const features = plans.flatMap(({ name, text }) => parsePlan(name, text));
    const parsedBaseline = baseline === undefined ? undefined : parseBaseline(baseline.name, baseline.text);
    const result = checkCoverage(features, { ...options, baseline: parsedBaseline });
    return { exitCode: result.exitCode, output: checkToText(result, format) };
  } catch (error) {
    if (isWanggeError(error)) return { exitCode: 2, output: `${error.message}\n` };
    throw error;
  }
}

/** Parses a plan file: a FeatureCollection (or one Feature). Throws `UNREADABLE_INPUT` naming the file. */
export function parsePlan(name: string, text: string): Feature[] {
  const value = parseJson(name, text);
  if (value?.type === 'FeatureCollection' && Array.isArray(value.features)) return [...featuresOf(value)];
  if (value?.type === 'Feature') return [value as unknown as Feature];
  throw new WanggeError(ErrorCode.UNREADABLE_INPUT, `${name}: not a GeoJSON FeatureCollection`);
}

/** Parses a baseline file. Throws `UNREADABLE_INPUT` naming the file. */
export function parseBaseline(name: string, text: string): Baseline {
  const value = parseJson(name, text);
  const accepted = value?.accepted;
  if (!Array.isArray(accepted) || !accepted.every((a) => typeof a?.id === 'string')) {
    throw new WanggeError(
      ErrorCode.UNREADABLE_INPUT,
      `${name}: a baseline is { "accepted": [{ "id": "..." }] }`,
    );
  }
  return {
    accepted: accepted.map((a) => (typeof a.note === 'string' ? { id: a.id, note: a.note } : { id: a.id })),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON is probed field by field
function parseJson(name: string, text: string): any {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new WanggeError(ErrorCode.UNREADABLE_INPUT, `${name}: ${(error as Error).message}`);
  }
}
