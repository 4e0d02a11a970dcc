import type { Finding } from '@wangge/core';

/** Every kind of {@link PartitionFinding}, in the order they are explained in docs/partition.md. */
export const PARTITION_FINDING_KINDS = [
  'unit-above-max',
  'unit-stranded',
  'island-too-small',
  'range-infeasible',
  'choke-point',
  'coarse-units',
  'units-not-tiling',
  'outside-boundary',
  'not-tiling',
] as const;

/** Why a grid misses the range, or why an input entity or a fixed level could not be placed. */
export type PartitionFindingKind = (typeof PARTITION_FINDING_KINDS)[number];

/**
 * A finding about the data (a core `Finding`): a grid out of range and why, an input the boundary does
 * not hold, fixed grids that do not tile their parent. `grids` holds the grid concerned, when there is one.
 * Severity: `error` for an input no grid holds and for fixed grids that do not tile, `warning` for a grid
 * out of range (explained).
 */
export interface PartitionFinding extends Finding<PartitionFindingKind> {
  /** Index of the unit or household concerned, when there is one. */
  input?: number;
  /** Load concerned. */
  load?: number;
}

/** A finding before it has an id and a severity: the grid's code, the input, the load. */
export interface FindingDraft {
  kind: PartitionFindingKind;
  code?: string;
  input?: number;
  load?: number;
  message: string;
}

/** Findings from drafts, in order: stable ids (`kind:grid[:input]`, `#n` for a repeat), severities. */
export function draftsToFindings(drafts: readonly FindingDraft[]): PartitionFinding[] {
  const seen = new Map<string, number>();
  return drafts.map(({ kind, code, input, load, message }) => {
    let id = `${kind}:${code ?? '-'}${input === undefined ? '' : `:${input}`}`;
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    if (n > 1) id += `#${n}`;
    const finding: PartitionFinding = {
      id,
      kind,
      severity: kind === 'outside-boundary' || kind === 'not-tiling' ? 'error' : 'warning',
      grids: code === undefined ? [] : [code],
      message,
    };
    if (input !== undefined) finding.input = input;
    if (load !== undefined) finding.load = load;
    return finding;
  });
}
