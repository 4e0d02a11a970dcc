import { DIVISION_CODE_LENGTHS, isDivisionAncestor, parseDivisionCode } from './division';
import { ErrorCode, WanggeError } from './errors';
import { checkOptions } from './options';

/**
 * Letter codes, as many street plans write them, under a grid of any name: the first level below gets
 * letters (`A`, `B`, ... `Z`, `AA`), the next a number after its parent's letters (`A1`, `A12`), and each
 * level below a `-n` suffix (`A12-3`, `A12-3-2`), six levels in all. A parent whose own code is already a
 * letter code (`HD`) has its children continue it (`HD1`, `HD1-2`), so a child never repeats an ancestor.
 */
export interface LetterCodeStyle {
  readonly kind: 'letter';
}

/**
 * Numeric codes built on the division codes (GB/T 2260 and 统计用区划代码): any division heads a plan or a
 * level, written in 2, 4, 6, 9 or 12 digits (`110108` = `110108000000`, a county). A grid below a division
 * appends zero-padded grid numbers to the division's 12-digit form, one per level: `110108001001`
 * (a community) → `110108001001003` → `11010800100100302`; `110108` (a district) → `110108000000017`.
 */
export interface NumericCodeStyle {
  readonly kind: 'numeric';
  /** Digits of the grid number of each level below the division, top down (at most 6 levels). */
  readonly gridDigits: readonly number[];
}

/** One of the two code styles real plans use. */
export type CodeStyle = LetterCodeStyle | NumericCodeStyle;

/**
 * A code taken apart: `root` is the 12-digit division code in the numeric style (`''` in the letter
 * style), `path` the grid ordinals (1-based) below it, top down.
 */
export interface CodeParts {
  root: string;
  path: number[];
}

const LETTER_STYLE: LetterCodeStyle = Object.freeze({ kind: 'letter' });

/** The letter style (`A`, `A1`, `A1-3`); a factory like {@link numericCodes}, though it takes no options. */
export function letterCodes(): LetterCodeStyle {
  return LETTER_STYLE;
}

/** Deepest grid path either style writes: six levels below the top of a plan. */
export const MAX_CODE_PATH = 6;

/** Options of {@link numericCodes}. */
export interface NumericCodeOptions {
  /** Digits of the grid number at each level below the division code, top down. @default [3, 2, 2, 2, 2, 2] */
  gridDigits?: number[];
}

/** The numeric style: division codes plus zero-padded grid numbers. */
export function numericCodes(options?: NumericCodeOptions): NumericCodeStyle {
  const gridDigits = checkOptions(options, 'numericCodes').gridDigits ?? [3, 2, 2, 2, 2, 2];
  if (
    !Array.isArray(gridDigits) ||
    gridDigits.length > MAX_CODE_PATH ||
    gridDigits.some((d) => !Number.isInteger(d) || d < 1 || d > 9)
  ) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `gridDigits must list at most ${MAX_CODE_PATH} whole numbers from 1 to 9, got ${JSON.stringify(gridDigits)}`,
    );
  }
  return Object.freeze({ kind: 'numeric', gridDigits: Object.freeze([...gridDigits]) });
}

/** A caller's code style, checked: `letterCodes()` or `numericCodes()`, else `INVALID_OPTION`. */
function checkStyle(style: CodeStyle): void {
  const kind = (style as { kind?: unknown } | null)?.kind;
  if (kind === 'letter') return;
  if (kind !== 'numeric' || !Array.isArray((style as NumericCodeStyle).gridDigits)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `a code style is letterCodes() or numericCodes(), got ${style === null ? 'null' : typeof style}`,
    );
  }
}

/** A caller's code, checked to be text, else `INVALID_CODE`. */
function checkCode(code: unknown): asserts code is string {
  if (typeof code !== 'string') {
    throw new WanggeError(
      ErrorCode.INVALID_CODE,
      `a code is a string, got ${code === null ? 'null' : typeof code}`,
    );
  }
}

const LETTER_CODE = /^([A-Z]+)(?:([1-9][0-9]*)((?:-[1-9][0-9]*){0,4}))?$/;
const MAX_ORDINAL = 2 ** 31 - 1;

/** Takes a code apart; throws `INVALID_CODE` saying what the style would accept. */
export function parseCode(code: string, style: CodeStyle): CodeParts {
  const parts = tryParseCode(code, style);
  if ('why' in parts) {
    throw new WanggeError(ErrorCode.INVALID_CODE, `${JSON.stringify(code)}: ${parts.why}`, {
      featureId: typeof code === 'string' ? code : undefined,
    });
  }
  return parts;
}

/** True when `code` follows the style. */
export function isValidCode(code: string, style: CodeStyle): boolean {
  return !('why' in tryParseCode(code, style));
}

/** Puts a code together from its parts; throws `INVALID_CODE` when a part cannot be written in the style. */
export function formatCode(parts: CodeParts, style: CodeStyle): string {
  checkStyle(style);
  if (typeof parts !== 'object' || parts === null || typeof parts.root !== 'string') {
    throw new WanggeError(ErrorCode.INVALID_CODE, 'code parts are { root: string, path: number[] }');
  }
  const { root, path } = parts;
  const fail = (why: string): never => {
    throw new WanggeError(ErrorCode.INVALID_CODE, `cannot write ${JSON.stringify(parts)}: ${why}`);
  };
  if (!Array.isArray(path) || !path.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_ORDINAL)) {
    fail('ordinals must be whole numbers from 1');
  }
  if (path.length > MAX_CODE_PATH) fail(`codes go down ${MAX_CODE_PATH} levels`);
  if (style.kind === 'letter') {
    if (root !== '') fail('the letter style has no root');
    if (path.length === 0) fail('a letter code needs at least one ordinal');
    const [first, second, ...below] = path;
    let code = ordinalToLetters(first);
    if (second !== undefined) code += String(second);
    for (const n of below) code += `-${n}`;
    return code;
  }
  const division = parseDivisionCode(root);
  if ('why' in division) fail(`the root is not a division code (${division.why})`);
  if (path.length === 0) return (division as { full: string }).full;
  if (path.length > style.gridDigits.length)
    fail(`this style numbers ${style.gridDigits.length} grid levels`);
  let code = (division as { full: string }).full;
  path.forEach((n, i) => {
    const digits = style.gridDigits[i];
    if (n >= 10 ** digits) {
      fail(`grid ordinal ${n} needs more than ${digits} digits: use numericCodes({ gridDigits }) with more`);
    }
    code += pad(n, digits);
  });
  return code;
}

/**
 * The code with its division part in 12-digit form (`110108` → `110108000000`), the form parents are
 * derived in; letter codes, and codes that do not parse, are returned as they are.
 */
export function canonicalCode(code: string, style: CodeStyle): string {
  checkStyle(style);
  if (style.kind === 'letter' || typeof code !== 'string') return code;
  const parsed = parseDivisionCode(code);
  return 'full' in parsed ? parsed.full : code;
}

/**
 * The parent's code, derived from the code alone: a grid's parent is its code without the last grid
 * number; a division's parent is the division one tier up, in 12-digit form. `null` at the top: a
 * province, or a one-letter-group letter code (`A`), whose parent has a code of its own choosing.
 */
export function codeToParent(code: string, style: CodeStyle): string | null {
  checkStyle(style);
  checkCode(code);
  const { root, path } = parseCode(code, style);
  if (style.kind === 'letter')
    return path.length === 1 ? null : formatCode({ root, path: path.slice(0, -1) }, style);
  if (path.length > 0) return formatCode({ root, path: path.slice(0, -1) }, style);
  const division = parseDivisionCode(root) as { short: string; depth: number };
  if (division.depth === 1) return null;
  const up = DIVISION_CODE_LENGTHS[division.depth - 2];
  return root.slice(0, up).padEnd(12, '0');
}

/**
 * The code of the `ordinal`-th child (1-based) of `code`. In the letter style a parent whose code is not a
 * letter code (a street's name, a division code, `null`) gets children `A`, `B`, ...; in the numeric style
 * the parent must have a numeric code.
 */
export function codeToChild(code: string | null, ordinal: number, style: CodeStyle): string {
  checkStyle(style);
  if (code !== null) checkCode(code);
  if (style.kind === 'letter') {
    const parent = code === null ? null : tryParseCode(code, style);
    if (parent === null || 'why' in parent) return formatCode({ root: '', path: [ordinal] }, style);
    return formatCode({ root: '', path: [...parent.path, ordinal] }, style);
  }
  if (code === null) {
    throw new WanggeError(ErrorCode.INVALID_CODE, 'a numeric child code needs its parent code');
  }
  const { root, path } = parseCode(code, style);
  return formatCode({ root, path: [...path, ordinal] }, style);
}

/**
 * The codes of `count` children of `parent`, in order (see {@link codeToChild}). In the numeric style a
 * level whose children need more digits than the style gives it is widened to fit (`110108` with 250,000
 * children: `110108000000000001` …): such codes still derive from their parent (see {@link isChildCode}),
 * and `numericCodes({ gridDigits })` with the widened widths parses them alone.
 */
export function codesOfChildren(parent: string | null, count: number, style: CodeStyle): string[] {
  checkStyle(style);
  if (!Number.isInteger(count) || count < 0) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `count must be a whole number ≥ 0, got ${count}`);
  }
  if (style.kind === 'letter')
    return Array.from({ length: count }, (_, i) => codeToChild(parent, i + 1, style));
  if (parent === null || planCodeProblem(parent, style) !== null) {
    throw new WanggeError(
      ErrorCode.INVALID_CODE,
      `numeric children need a numeric parent code, got ${JSON.stringify(parent)}: give the boundary a division code or use letterCodes()`,
    );
  }
  const strict = tryParseCode(parent, style);
  const depth = 'why' in strict ? style.gridDigits.length - 1 : strict.path.length;
  if (depth >= MAX_CODE_PATH) {
    throw new WanggeError(ErrorCode.INVALID_CODE, `${parent} is ${MAX_CODE_PATH} grid levels deep already`);
  }
  const width = Math.max(
    style.gridDigits[depth] ?? style.gridDigits[style.gridDigits.length - 1],
    String(count).length,
  );
  const base = canonicalCode(parent, style);
  return Array.from({ length: count }, (_, i) => base + pad(i + 1, width));
}

/**
 * Whether `code` derives from `parent` in the style: in the letter style `parent` extended by one level
 * (or, under a parent whose code is not a letter code, a first-level code `A`); in the numeric style a
 * division inside the parent division (any number of tiers down: a plan may skip a tier), or the parent's
 * code followed by one grid number of any width (partition widens a level whose children need more digits).
 */
export function isChildCode(code: string, parent: string, style: CodeStyle): boolean {
  checkStyle(style);
  if (typeof code !== 'string' || typeof parent !== 'string') return false;
  if (planCodeProblem(code, style) !== null) return false;
  if (style.kind === 'numeric' && code.length <= 12) return isDivisionAncestor(parent, code);
  const child = tryParseCode(code, style);
  if (style.kind === 'letter' && !('why' in child)) {
    const up = tryParseCode(parent, style);
    if ('why' in up) return child.path.length === 1;
    return child.path.length === up.path.length + 1 && up.path.every((n, i) => child.path[i] === n);
  }
  const base = canonicalCode(parent, style);
  if (planCodeProblem(parent, style) !== null || !code.startsWith(base) || code.length === base.length) {
    return false;
  }
  return Number(code.slice(base.length)) > 0;
}

/**
 * Why `code` cannot be a code of the style in a plan, or `null` when it can. Unlike {@link isValidCode},
 * numeric grid numbers may have any width here (a plan check compares each code with its parent's).
 */
export function planCodeProblem(code: string, style: CodeStyle): string | null {
  const strict = tryParseCode(code, style);
  if (!('why' in strict) || style.kind === 'letter') return 'why' in strict ? strict.why : null;
  if (typeof code !== 'string' || !/^[0-9]{13,}$/.test(code)) return strict.why;
  const division = parseDivisionCode(code.slice(0, 12));
  return 'why' in division ? `its first 12 digits are not a division code: ${division.why}` : null;
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
  if (typeof letters !== 'string' || !/^[A-Z]*$/.test(letters)) {
    throw new WanggeError(
      ErrorCode.INVALID_CODE,
      `letters are capital A to Z, got ${JSON.stringify(letters) ?? typeof letters}`,
    );
  }
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

const LETTER_FORMS =
  'letter codes are capital letters, then a number, then up to four -n parts (A, A12, A12-3-1)';

function tryParseCode(code: unknown, style: CodeStyle): CodeParts | { why: string } {
  checkStyle(style);
  if (typeof code !== 'string') return { why: `a code is a string, got ${typeof code}` };
  if (style.kind === 'letter') {
    const match = LETTER_CODE.exec(code);
    if (match === null) return { why: `not a letter code: ${LETTER_FORMS}` };
    const path = [lettersToOrdinal(match[1])];
    if (match[2] !== undefined) path.push(Number(match[2]));
    if (match[3]) for (const n of match[3].slice(1).split('-')) path.push(Number(n));
    if (path.some((n) => n > MAX_ORDINAL)) return { why: 'an ordinal is too large' };
    return { root: '', path };
  }
  const forms =
    'numeric codes are a division code of 2, 4, 6, 9 or 12 digits, then a grid number per level below it ' +
    `(${style.gridDigits.join(', ')} digits)`;
  if (!/^[0-9]+$/.test(code)) return { why: `not a numeric code: ${forms}` };
  if (code.length <= 12) {
    const division = parseDivisionCode(code);
    return 'why' in division
      ? { why: `not a division code: ${division.why}` }
      : { root: division.full, path: [] };
  }
  const division = parseDivisionCode(code.slice(0, 12));
  if ('why' in division) return { why: `its first 12 digits are not a division code: ${division.why}` };
  const path: number[] = [];
  let at = 12;
  for (const digits of style.gridDigits) {
    if (at === code.length) break;
    if (at + digits > code.length) break;
    const n = Number(code.slice(at, at + digits));
    if (n === 0) return { why: `grid number ${path.length + 1} is 0 (grid numbers count from 1)` };
    path.push(n);
    at += digits;
  }
  if (at !== code.length) {
    return {
      why: `the ${code.length - 12} digits after the division code do not split into ${forms.slice(forms.indexOf('('))}`,
    };
  }
  return { root: division.full, path };
}

function pad(n: number, digits: number): string {
  return String(n).padStart(digits, '0');
}
