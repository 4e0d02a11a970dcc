import { ErrorCode, isPointTable, WanggeError } from '@wangge/core';
import type { StreamOptions } from '../options';
import { recordsToBatch, tableToBatch } from './batch';
import { LOCATE_CHUNK, type Placer } from './placer';
import { checkColumns, type ResolvedOptions } from './settings';
import { type EntityStream, streamToChunks } from './stream';
import type { Tally } from './tally';
import { describe } from './values';

/**
 * The stream driver of `Assigner.assignStream`: checks the stream's options, then reads the source in
 * chunks of `chunkSize` records, places each through `placer` into `tally`, and hands the chunk's
 * per-entity results to `onChunk` (the tally keeps only counts and findings).
 */
export async function driveStream(
  placer: Placer,
  source: EntityStream,
  settings: ResolvedOptions,
  options: StreamOptions,
  tally: Tally,
): Promise<void> {
  const chunkSize = options.chunkSize ?? LOCATE_CHUNK;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `chunkSize must be a whole number ≥ 1, got ${describe(chunkSize)}`,
    );
  }
  for (const key of ['onProgress', 'onChunk'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `${key} must be a function`);
    }
  }
  if (options.columns !== undefined) {
    if (!Array.isArray(options.columns) || !options.columns.every((c) => typeof c === 'string')) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `columns must be an array of column names, got ${describe(options.columns)}`,
      );
    }
    checkColumns(settings, options.columns, true, 'the columns of the stream');
  }
  for await (const records of streamToChunks(source, chunkSize)) {
    const offset = tally.total;
    const batch = isPointTable(records) ? tableToBatch(records) : recordsToBatch(records, settings, offset);
    const { gridIds, ruleIds } = placer.placeBatch(batch, offset, settings, tally);
    options.onChunk?.({ offset, gridIds, ruleIds });
    options.onProgress?.({
      entities: tally.total,
      assigned: tally.assigned,
      unassigned: tally.unassigned.length,
    });
  }
}
