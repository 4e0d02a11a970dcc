import type { Geometry } from 'geojson';
import { ErrorCode, WanggeError } from './errors';

/** How much a finding matters: `error` fails a check, `warning` is worth a look, `info` is for the record. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * A finding about the data (a gap, an overlap, an overloaded grid, a repaired ring): returned as data,
 * never thrown. Every package reports in this one shape and extends it with its own measures (area,
 * width, load, households); every result calls its list `findings`.
 */
export interface Finding<K extends string = string> {
  /** Stable id: the same data gives the same id, so baselines and diffs can refer to it. */
  id: string;
  /** What was found, from the reporting package's list of kinds. */
  kind: K;
  /** How much it matters. */
  severity: Severity;
  /** Codes of the grids concerned, sorted; `[]` when no grid is concerned. */
  grids: string[];
  /** Plain-language explanation that says what to do where it can. */
  message: string;
  /** Where it is, as GeoJSON, when it has a place. @default undefined */
  location?: Geometry | null;
}

/** Counts of findings by severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  if (!Array.isArray(findings)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'countBySeverity: expected an array of findings');
  }
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) {
    const severity = (f as Partial<Finding> | null)?.severity;
    if (severity !== 'error' && severity !== 'warning' && severity !== 'info') {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `a finding's severity is error, warning or info, got ${String(severity)}`,
      );
    }
    counts[severity]++;
  }
  return counts;
}
