import { ErrorCode, WanggeError } from '@wangge/core';
import type { Baseline } from '@wangge/coverage';
import { readJsonFile } from '../io/json';

/**
 * Reads a baseline file (`{ "accepted": [{ "id": "...", "note": "..." }] }`) as written by
 * `wangge check --write-baseline`. Throws `UNREADABLE_INPUT` naming the file and the entry.
 */
export function readBaseline(file: string): Baseline {
  const value = readJsonFile(file);
  return parseBaseline(file, value);
}

/** A parsed baseline value checked entry by entry. Throws `UNREADABLE_INPUT` naming the file. */
export function parseBaseline(file: string, value: unknown): Baseline {
  const accepted = (value as { accepted?: unknown } | null)?.accepted;
  if (typeof value !== 'object' || value === null || !Array.isArray(accepted)) {
    throw new WanggeError(ErrorCode.UNREADABLE_INPUT, 'a baseline is { "accepted": [{ "id": "..." }] }', {
      file,
    });
  }
  return {
    accepted: accepted.map((a, i) => {
      const entry = a as { id?: unknown; note?: unknown } | null;
      if (typeof entry?.id !== 'string') {
        throw new WanggeError(
          ErrorCode.UNREADABLE_INPUT,
          `accepted[${i}] has no "id" text; a baseline is { "accepted": [{ "id": "..." }] }`,
          { file },
        );
      }
      return typeof entry.note === 'string' ? { id: entry.id, note: entry.note } : { id: entry.id };
    }),
  };
}
