import { ErrorCode, WanggeError } from '@wangge/core';
import { readBytes } from './read';
import { decodeBytes } from './text';

/** Reads a small JSON file (a baseline, a rules file) as text in its encoding. Throws `UNREADABLE_INPUT` naming the file. */
export function readJsonFile(file: string): unknown {
  const { text } = decodeBytes(file, readBytes(file));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new WanggeError(
      ErrorCode.UNREADABLE_INPUT,
      `${file}: not valid JSON (${(error as Error).message})`,
    );
  }
}
