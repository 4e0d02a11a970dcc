import { TextDecoder } from 'node:util';
import { ErrorCode, WanggeError } from '@wangge/core';

/** Encoding names people type that `TextDecoder` spells differently. */
const ALIASES: Record<string, string> = {
  '936': 'gbk',
  cp936: 'gbk',
  ms936: 'gbk',
  'windows-936': 'gbk',
  gb2312: 'gbk',
  'gb-2312': 'gbk',
  gb18030: 'gb18030',
  'gb-18030': 'gb18030',
  utf8: 'utf-8',
  big5: 'big5',
  cp950: 'big5',
};

/** The WHATWG name of an encoding as a user types it (`cp936` → `gbk`). */
export function encodingName(encoding: string): string {
  return ALIASES[encoding.trim().toLowerCase()] ?? encoding.trim();
}

/**
 * A text decoder for an encoding name as a user types it (`gbk`, `cp936`, `GB18030`, `utf-8`...).
 * Throws `INVALID_OPTION` naming the encoding when Node does not know it.
 */
export function decoderFor(encoding: string, fatal: boolean): TextDecoder {
  const name = encodingName(encoding);
  try {
    return new TextDecoder(name, { fatal });
  } catch {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `unknown --encoding ${JSON.stringify(encoding)}: use utf-8, gbk, gb18030, big5 or another WHATWG encoding name`,
    );
  }
}

/** How the bytes of a file were decoded. */
export interface Decoded {
  text: string;
  /** The encoding used. */
  encoding: string;
  /** Set when the encoding was not the one asked for (UTF-8 failed, GB18030 worked). */
  note?: string;
}

/** Byte order marks and the encodings they announce. */
function bomOf(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * Decodes a file's bytes: a byte order mark decides (and is dropped); else `encoding` when given; else
 * UTF-8, and when that is invalid, GB18030 (a superset of GBK, what Chinese Excel and GIS tools save),
 * with a note saying so. Throws `UNREADABLE_INPUT` naming the file when the bytes are neither, or not
 * valid in the encoding given.
 */
export function decodeBytes(file: string, bytes: Uint8Array, encoding?: string): Decoded {
  const bom = bomOf(bytes);
  if (bom !== undefined) {
    return {
      text: new TextDecoder(bom.encoding).decode(bytes.subarray(bom.length)),
      encoding: bom.encoding,
    };
  }
  if (encoding !== undefined) {
    const decoder = decoderFor(encoding, true);
    try {
      return { text: decoder.decode(bytes), encoding: decoder.encoding };
    } catch {
      throw new WanggeError(
        ErrorCode.UNREADABLE_INPUT,
        `not valid ${decoder.encoding} text at byte ${firstInvalid(bytes, decoder.encoding)}: check --encoding`,
        { file },
      );
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: try what Chinese tools save
  }
  const at = firstInvalid(bytes, 'utf-8');
  try {
    return {
      text: new TextDecoder('gb18030', { fatal: true }).decode(bytes),
      encoding: 'gb18030',
      note: `${file}: not valid UTF-8 (byte ${at}); read as GB18030 (GBK). Pass --encoding to say otherwise`,
    };
  } catch {
    throw new WanggeError(
      ErrorCode.UNREADABLE_INPUT,
      `neither UTF-8 (invalid at byte ${at}) nor GB18030 text: pass its --encoding, e.g. big5`,
      { file },
    );
  }
}

/** Byte offset of the first invalid sequence in `encoding` (found by halving). */
function firstInvalid(bytes: Uint8Array, encoding: string): number {
  const valid = (n: number) => {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (valid(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Decodes a stream of bytes as {@link decodeBytes} does, choosing the encoding from the first 1 MiB
 * (a byte order mark, `encoding`, else UTF-8 or GB18030); `onNote` hears when GB18030 was chosen.
 * Invalid bytes later in the stream throw `UNREADABLE_INPUT` with the byte offset and the hint.
 */
export async function* decodeStream(
  file: string,
  chunks: AsyncIterable<Uint8Array>,
  options: { encoding?: string; onNote?: (note: string) => void } = {},
): AsyncGenerator<string> {
  const SNIFF = 1 << 20;
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let decoder: TextDecoder | undefined;
  let offset = 0;
  const decode = (chunk: Uint8Array): string => {
    try {
      const text = decoder!.decode(chunk, { stream: true });
      offset += chunk.length;
      return text;
    } catch {
      throw new WanggeError(
        ErrorCode.UNREADABLE_INPUT,
        `not valid ${decoder!.encoding} text after byte ${offset}: pass its --encoding, e.g. gb18030`,
        { file },
      );
    }
  };
  const choose = (): string => {
    const bytes = Buffer.concat(head);
    head = [];
    const bom = bomOf(bytes);
    let sample = bytes;
    if (bom !== undefined) {
      decoder = new TextDecoder(bom.encoding, { fatal: true });
      sample = bytes.subarray(bom.length);
    } else if (options.encoding !== undefined) {
      decoder = decoderFor(options.encoding, true);
    } else {
      // Cut the sample at the last line break, so that a character split at its end does not count.
      const cut = bytes.length < SNIFF ? bytes.length : bytes.lastIndexOf(0x0a) + 1 || bytes.length;
      const decoded = decodeBytes(file, bytes.subarray(0, cut));
      if (decoded.note !== undefined) options.onNote?.(decoded.note);
      decoder = new TextDecoder(decoded.encoding, { fatal: true });
    }
    return decode(sample);
  };
  for await (const chunk of chunks) {
    if (decoder === undefined) {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < SNIFF) continue;
      const text = choose();
      if (text !== '') yield text;
      continue;
    }
    const text = decode(chunk);
    if (text !== '') yield text;
  }
  if (decoder === undefined) {
    const text = choose();
    if (text !== '') yield text;
  }
  const rest = decoder!.decode();
  if (rest !== '') yield rest;
}
