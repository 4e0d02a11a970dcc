import { ErrorCode, WanggeError } from './errors';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * The text with every control character (and the line and paragraph separators) written as an escape,
 * `\n` or `\u001b`: a grid code or name holding a newline or a terminal escape prints as one visible line
 * and cannot fake a `PASS` in a text report.
 */
export function escapeControl(text: string): string {
  if (typeof text !== 'string') {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `escapeControl: expected text, got ${typeof text}`);
  }
  return text.replace(CONTROL, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
