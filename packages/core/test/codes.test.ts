import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codeToChild,
  codeToLevel,
  codeToParent,
  ErrorCode,
  formatCode,
  isValidCode,
  letterCodes,
  lettersToOrdinal,
  numericCodes,
  ordinalToLetters,
  parseCode,
  WanggeError,
} from '../src';

const numeric = numericCodes();

function codeError(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof WanggeError ? e.code : 'not a WanggeError';
  }
  return undefined;
}

describe('letter codes', () => {
  it('parses the forms real plans use', () => {
    expect(parseCode('A', letterCodes)).toEqual({ root: '', path: [1] });
    expect(parseCode('A1', letterCodes)).toEqual({ root: '', path: [1, 1] });
    expect(parseCode('A12', letterCodes)).toEqual({ root: '', path: [1, 12] });
    expect(parseCode('C1-3', letterCodes)).toEqual({ root: '', path: [3, 1, 3] });
    expect(parseCode('AB7-2-9', letterCodes)).toEqual({ root: '', path: [28, 7, 2, 9] });
  });

  it('derives parents and levels from the code alone', () => {
    expect(codeToParent('A12-3', letterCodes)).toBe('A12');
    expect(codeToParent('A12', letterCodes)).toBe('A');
    expect(codeToParent('A', letterCodes)).toBeNull();
    expect(codeToLevel('A', letterCodes)).toBe(2);
    expect(codeToLevel('A12-3-1', letterCodes)).toBe(5);
    expect(codeToChild(null, 27, letterCodes)).toBe('AA');
    expect(codeToChild('B', 4, letterCodes)).toBe('B4');
    expect(codeToChild('B4', 2, letterCodes)).toBe('B4-2');
  });

  it('rejects malformed codes with INVALID_CODE', () => {
    for (const bad of ['', 'a1', 'A0', 'A01', 'A1-', 'A-1', 'A1-0', 'A1-2-3-4', '1A', 'A 1']) {
      expect(isValidCode(bad, letterCodes), bad).toBe(false);
      expect(
        codeError(() => parseCode(bad, letterCodes)),
        bad,
      ).toBe(ErrorCode.INVALID_CODE);
    }
    expect(codeError(() => formatCode({ root: '', path: [] }, letterCodes))).toBe(ErrorCode.INVALID_CODE);
  });

  it('counts letters in bijective base 26', () => {
    expect(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA'].map(lettersToOrdinal)).toEqual([
      1, 26, 27, 52, 53, 702, 703,
    ]);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        (n) => lettersToOrdinal(ordinalToLetters(n)) === n,
      ),
    );
  });
});

describe('numeric codes', () => {
  it('builds on the 12-digit division code', () => {
    expect(parseCode('110101001000', numeric)).toEqual({ root: '110101001', path: [] });
    expect(parseCode('110101001003', numeric)).toEqual({ root: '110101001', path: [3] });
    expect(parseCode('110101001003012', numeric)).toEqual({ root: '110101001', path: [3, 12] });
    expect(parseCode('11010100100301205', numeric)).toEqual({ root: '110101001', path: [3, 12, 5] });
    expect(codeToParent('110101001003012', numeric)).toBe('110101001003');
    expect(codeToParent('110101001003', numeric)).toBe('110101001000');
    expect(codeToParent('110101001000', numeric)).toBeNull();
    expect(codeToChild('110101001003', 7, numeric)).toBe('110101001003007');
  });

  it('rejects codes of the wrong length, zero ordinals and overflow', () => {
    for (const bad of [
      '11010100100',
      '1101010010030',
      '110101001000001',
      '110101001003000',
      'x10101001003',
    ]) {
      expect(isValidCode(bad, numeric), bad).toBe(false);
    }
    expect(codeError(() => codeToChild('110101001003', 1000, numeric))).toBe(ErrorCode.INVALID_CODE);
    expect(codeError(() => numericCodes({ gridDigits: [0] }))).toBe(ErrorCode.INVALID_OPTION);
  });
});

const letterParts = fc.record({
  root: fc.constant(''),
  path: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 4 }),
});
const numericParts = fc.record({
  root: fc.stringMatching(/^[0-9]{9}$/),
  path: fc
    .tuple(fc.integer({ min: 1, max: 999 }), fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 3 }))
    .map(([c, g]) => [c, ...g]),
});

describe('code properties', () => {
  it('format then parse round-trips, in both styles', () => {
    fc.assert(
      fc.property(letterParts, (p) => {
        expect(parseCode(formatCode(p, letterCodes), letterCodes)).toEqual(p);
      }),
    );
    fc.assert(
      fc.property(numericParts, (p) => {
        expect(parseCode(formatCode(p, numeric), numeric)).toEqual(p);
      }),
    );
  });

  it('the parent of a child is the code itself, and the child is one level deeper', () => {
    fc.assert(
      fc.property(
        letterParts.filter((p) => p.path.length < 4),
        fc.integer({ min: 1, max: 99 }),
        (p, n) => {
          const code = formatCode(p, letterCodes);
          const child = codeToChild(code, n, letterCodes);
          expect(codeToParent(child, letterCodes)).toBe(code);
          expect(codeToLevel(child, letterCodes)).toBe(codeToLevel(code, letterCodes) + 1);
        },
      ),
    );
  });
});
