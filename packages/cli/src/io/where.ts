import { ErrorCode, type ErrorLocation, WanggeError } from '@wangge/core';
import { featureLocation } from '@wangge/core/internal';

/** Where a feature read stands in its file, and why a kept bad row is bad. */
export interface Origin {
  /** Index of the feature (or data row) in the file, from 0. */
  index: number;
  /** Line of the file, for CSV and NDJSON. */
  line?: number;
  problem?: string;
}

/** Where each feature read came from, and why a kept bad row is bad. */
const origins = new WeakMap<object, Origin>();

/** Where a feature read came from, when the reader recorded it. */
export function originOf(feature: object): Origin | undefined {
  return origins.get(feature);
}

/** Records where a feature read came from (and why it is a bad row, when it is). */
export function setOrigin(feature: object, origin: Origin): void {
  origins.set(feature, origin);
}

/** Where a feature read stands in its file: `line 12` or `feature #3`. */
export function whereOf(feature: object, index: number): string {
  const origin = originOf(feature);
  if (origin?.line !== undefined) return `line ${origin.line}`;
  return `feature #${origin?.index ?? index}`;
}

/** The error location of a feature read from `file`: the file, its line or index, its id or code. */
export function locationOf(file: string, feature: unknown, index: number): ErrorLocation {
  const origin = typeof feature === 'object' && feature !== null ? originOf(feature) : undefined;
  return {
    file,
    ...featureLocation(feature, origin?.index ?? index),
    ...(origin?.line !== undefined ? { line: origin.line } : {}),
  };
}

/** Why a feature read with `badRows: 'keep'` has no geometry, or `undefined` when it is fine. */
export function rowProblem(feature: object): string | undefined {
  return originOf(feature)?.problem;
}

/** An error about one input file: names the file and, through the location, the line or feature. */
export function unreadable(file: string, message: string, location: ErrorLocation = {}): WanggeError {
  return new WanggeError(ErrorCode.UNREADABLE_INPUT, message, { file, ...location });
}
