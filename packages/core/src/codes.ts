import { ErrorCode, WanggeError } from './errors';

/**
 * Letter codes, as many street plans write them: communities get letters (`A`, `B`, ... `Z`, `AA`),
 * grids a number after their community's letters (`A1`, `A12`), and each level below a `-n` suffix
 * (`A12-3`, `A12-3-2`). The street itself (level 1) has no letter code; its plan names it freely.
 */
export interface LetterCodeStyle {
  readonly kind: 'letter';
}

/**
 * Numeric codes built on the 12-digit statistical division code (统计用区划代码): a street is its
 * 9-digit town code + `000`, a community the full 12-digit code, and each level below appends a
 * zero-padded grid number (`110101001001` → `110101001001003` → `11010100100100302`).
 */
export interface NumericCodeStyle {
  readonly kind: 'numeric';
  /** Digits of the grid number appended at level 3, 4, 5, in that order. */
  readonly gridDigits: readonly number[];
}

/** One of the two code styles real plans use. */
export type CodeStyle = LetterCodeStyle | NumericCodeStyle;

/**
 * A code taken apart: `root` is what every code of one plan shares (the 9-digit town code in the numeric
 * style, `''` in the letter style) and `path` the ordinals (1-based) from level 2 down.
 * The level of the code is `path.length + 1`.
 */
export interface CodeParts {
  root: string;
  path: number[];
}

/** The letter style (`A`, `A1`, `A1-3`). */
export const letterCodes: LetterCodeStyle = Object.freeze({ kind: 'letter' });

/** Options of {@link numericCodes}. */
export interface NumericCodeOptions {
  /** Digits of the grid number appended at levels 3, 4 and 5. @default [3, 2, 2] */
  gridDigits?: number[];
}

/** The numeric style: 12-digit division codes plus zero-padded grid numbers. */
export function numericCodes(options: NumericCodeOptions = {}): NumericCodeStyle {
  const gridDigits = options.gridDigits ?? [3, 2, 2];
  if (gridDigits.length > 3 || gridDigits.some((d) => !Number.isInteger(d) || d < 1 || d > 6)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `gridDigits must list at most 3 whole numbers from 1 to 6, got ${JSON.stringify(gridDigits)}`,
    );
  }
  return Object.freeze({ kind: 'numeric', gridDigits: Object.freeze([...gridDigits]) });
}

const LETTER_CODE = /^([A-Z]+)(?:([1-9][0-9]*)((?:-[1-9][0-9]*){0,2}))?$/;
const MAX_LETTER_ORDINAL = 2 ** 31 - 1;

/** Takes a code apart; throws `INVALID_CODE` when it does not follow the style. */
export function parseCode(code: string, style: CodeStyle): CodeParts {
  const parts = tryParseCode(code, style);
  if (parts === null) {
    throw new WanggeError(
      ErrorCode.INVALID_CODE,
      `${JSON.stringify(code)} is not a ${style.kind} grid code`,
      {
        featureId: typeof code === 'string' ? code : undefined,
      },
    );
  }
  return parts;
}

/** True when `code` follows the style. */
export function isValidCode(code: string, style: CodeStyle): boolean {
  return tryParseCode(code, style) !== null;
}

/** Puts a code together from its parts; throws `INVALID_CODE` when a part cannot be written in the style. */
export function formatCode(parts: CodeParts, style: CodeStyle): string {
  const { root, path } = parts;
  const fail = (why: string): never => {
    throw new WanggeError(ErrorCode.INVALID_CODE, `cannot write ${JSON.stringify(parts)}: ${why}`);
  };
  if (!path.every((n) => Number.isInteger(n) && n >= 1)) fail('ordinals must be whole numbers from 1');
  if (style.kind === 'letter') {
    if (root !== '') fail('the letter style has no root');
    if (path.length === 0) fail('the letter style has no code for level 1');
    if (path.length > 4) fail('the letter style goes down to level 5');
    if (path.some((n) => n > MAX_LETTER_ORDINAL)) fail('ordinal too large');
    const [community, grid, ...below] = path;
    let code = ordinalToLetters(community);
    if (grid !== undefined) code += String(grid);
    for (const n of below) code += `-${n}`;
    return code;
  }
  if (!/^[0-9]{9}$/.test(root)) fail('the numeric root is a 9-digit town code');
  if (path.length === 0) return `${root}000`;
  if (path.length - 2 >= style.gridDigits.length)
    fail(`this style goes down to level ${style.gridDigits.length + 2}`);
  const [community, ...grids] = path;
  if (community > 999) fail('community ordinal above 999');
  let code = root + pad(community, 3);
  grids.forEach((n, i) => {
    const digits = style.gridDigits[i];
    if (n >= 10 ** digits) fail(`grid ordinal ${n} needs more than ${digits} digits`);
    code += pad(n, digits);
  });
  return code;
}

/** Level of a code (1 = street, 2 = community, ...); throws `INVALID_CODE` when it does not parse. */
export function codeToLevel(code: string, style: CodeStyle): number {
  return parseCode(code, style).path.length + 1;
}

/**
 * The parent's code, derived from the code alone; `null` at the top of what the style encodes
 * (level 1 in the numeric style, level 2 in the letter style, whose street has no letter code).
 */
export function codeToParent(code: string, style: CodeStyle): string | null {
  const { root, path } = parseCode(code, style);
  if (path.length === 0) return null;
  if (style.kind === 'letter' && path.length === 1) return null;
  return formatCode({ root, path: path.slice(0, -1) }, style);
}

/** The code of the `ordinal`-th child (1-based) of `code`. */
export function codeToChild(code: string | null, ordinal: number, style: CodeStyle): string {
  if (code === null) {
    if (style.kind === 'numeric') {
      throw new WanggeError(ErrorCode.INVALID_CODE, 'a numeric child code needs its parent code');
    }
    return formatCode({ root: '', path: [ordinal] }, style);
  }
  const { root, path } = parseCode(code, style);
  return formatCode({ root, path: [...path, ordinal] }, style);
}

/** Letters for a 1-based ordinal in bijective base 26: 1 → `A`, 26 → `Z`, 27 → `AA`. */
export function ordinalToLetters(ordinal: number): string {
  let n = ordinal;
  let letters = '';
  while (n > 0) {
    const digit = (n - 1) % 26;
    letters = String.fromCharCode(65 + digit) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Inverse of {@link ordinalToLetters}: `A` → 1, `AA` → 27. */
export function lettersToOrdinal(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

function tryParseCode(code: string, style: CodeStyle): CodeParts | null {
  if (typeof code !== 'string') return null;
  if (style.kind === 'letter') {
    const match = LETTER_CODE.exec(code);
    if (match === null) return null;
    const path = [lettersToOrdinal(match[1])];
    if (match[2] !== undefined) path.push(Number(match[2]));
    if (match[3]) for (const n of match[3].slice(1).split('-')) path.push(Number(n));
    if (path.some((n) => n > MAX_LETTER_ORDINAL)) return null;
    return { root: '', path };
  }
  if (!/^[0-9]{12,}$/.test(code)) return null;
  const root = code.slice(0, 9);
  const community = Number(code.slice(9, 12));
  if (code.length === 12) return { root, path: community === 0 ? [] : [community] };
  if (community === 0) return null;
  const path = [community];
  let at = 12;
  for (const digits of style.gridDigits) {
    if (at === code.length) break;
    const n = Number(code.slice(at, at + digits));
    if (at + digits > code.length || n === 0) return null;
    path.push(n);
    at += digits;
  }
  return at === code.length ? { root, path } : null;
}

function pad(n: number, digits: number): string {
  return String(n).padStart(digits, '0');
}
