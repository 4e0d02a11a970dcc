import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalCode,
  codesOfChildren,
  codeToChild,
  codeToParent,
  divisionToParent,
  ErrorCode,
  formatCode,
  isChildCode,
  isDivisionAncestor,
  isDivisionCode,
  isValidCode,
  letterCodes,
  lettersToOrdinal,
  numericCodes,
  ordinalToLetters,
  parseCode,
  parseDivisionCode,
  planCodeProblem,
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
    expect(parseCode('A', letterCodes())).toEqual({ root: '', path: [1] });
    expect(parseCode('A1', letterCodes())).toEqual({ root: '', path: [1, 1] });
    expect(parseCode('A12', letterCodes())).toEqual({ root: '', path: [1, 12] });
    expect(parseCode('C1-3', letterCodes())).toEqual({ root: '', path: [3, 1, 3] });
    expect(parseCode('AB7-2-9', letterCodes())).toEqual({ root: '', path: [28, 7, 2, 9] });
  });

  it('derives parents and levels from the code alone', () => {
    expect(codeToParent('A12-3', letterCodes())).toBe('A12');
    expect(codeToParent('A12', letterCodes())).toBe('A');
    expect(codeToParent('A', letterCodes())).toBeNull();
    expect(parseCode('A12-3-1-4-2', letterCodes()).path).toHaveLength(6);
    expect(codeToChild(null, 27, letterCodes())).toBe('AA');
    expect(codeToChild('B', 4, letterCodes())).toBe('B4');
    expect(codeToChild('B4', 2, letterCodes())).toBe('B4-2');
  });

  it('rejects malformed codes with INVALID_CODE', () => {
    for (const bad of ['', 'a1', 'A0', 'A01', 'A1-', 'A-1', 'A1-0', 'A1-2-3-4-5-6', '1A', 'A 1']) {
      expect(isValidCode(bad, letterCodes()), bad).toBe(false);
      expect(
        codeError(() => parseCode(bad, letterCodes())),
        bad,
      ).toBe(ErrorCode.INVALID_CODE);
    }
    expect(codeError(() => formatCode({ root: '', path: [] }, letterCodes()))).toBe(ErrorCode.INVALID_CODE);
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

describe('letter codes under any name', () => {
  it('start at A under a parent whose code is not a letter code, and continue a letter code', () => {
    for (const name of [null, '海淀区', '110108', 'root'])
      expect(codeToChild(name, 2, letterCodes())).toBe('B');
    // Regression (issue 12): a street coded HD got a level-2 child HD (its 212th) and DUPLICATE_CODE.
    expect(codeToChild('HD', 1, letterCodes())).toBe('HD1');
    expect(codeToChild('HD1', 3, letterCodes())).toBe('HD1-3');
    expect(isChildCode('HD1', 'HD', letterCodes())).toBe(true);
    expect(isChildCode('A', '海淀区', letterCodes())).toBe(true);
    expect(isChildCode('A1', '海淀区', letterCodes())).toBe(false);
    expect(isChildCode('B1', 'A', letterCodes())).toBe(false);
  });
});

describe('division codes (GB/T 2260, 统计用区划代码)', () => {
  it('reads every tier, with or without trailing zeros', () => {
    const tiers = ['11', '1101', '110108', '110108001', '110108001001'].map((c) => parseDivisionCode(c));
    expect(tiers.map((t) => ('tier' in t ? [t.tier, t.short, t.full] : t))).toEqual([
      ['province', '11', '110000000000'],
      ['prefecture', '1101', '110100000000'],
      ['county', '110108', '110108000000'],
      ['township', '110108001', '110108001000'],
      ['village', '110108001001', '110108001001'],
    ]);
    expect(parseDivisionCode('110108000000')).toEqual(parseDivisionCode('110108'));
    expect(parseDivisionCode('110000')).toEqual(parseDivisionCode('11'));
    // Counties administered by a province directly, and the Xinjiang corps cities.
    for (const real of ['419001', '469021', '659001', '810000', '330106001000']) {
      expect(isDivisionCode(real), real).toBe(true);
    }
  });

  it('refuses what no division can be, saying why', () => {
    for (const bad of [
      '1',
      '110',
      '1101080',
      '11010800100',
      '1101080010011',
      '00',
      '83',
      '110008',
      '110100001',
      'x1',
    ]) {
      expect(isDivisionCode(bad), bad).toBe(false);
      expect(parseDivisionCode(bad)).toHaveProperty('why');
    }
  });

  it('derives parents and ancestors, tier by tier', () => {
    expect(divisionToParent('110108001001')).toBe('110108001');
    expect(divisionToParent('110108001')).toBe('110108');
    expect(divisionToParent('110108000000')).toBe('1101');
    expect(divisionToParent('1101')).toBe('11');
    expect(divisionToParent('11')).toBeNull();
    expect(isDivisionAncestor('110108', '110108001001')).toBe(true);
    expect(isDivisionAncestor('110108000000', '110108001')).toBe(true);
    expect(isDivisionAncestor('110109', '110108001')).toBe(false);
    expect(isDivisionAncestor('110108', '110108')).toBe(false);
  });
});

describe('numeric codes', () => {
  it('put grid numbers after the 12-digit form of any division', () => {
    expect(parseCode('110101001000', numeric)).toEqual({ root: '110101001000', path: [] });
    expect(parseCode('110101001', numeric)).toEqual({ root: '110101001000', path: [] });
    expect(parseCode('110101001003012', numeric)).toEqual({ root: '110101001003', path: [12] });
    expect(parseCode('11010100100301205', numeric)).toEqual({ root: '110101001003', path: [12, 5] });
    expect(parseCode('110108000000017', numeric)).toEqual({ root: '110108000000', path: [17] });
    expect(codeToChild('110108', 17, numeric)).toBe('110108000000017');
    expect(codeToChild('15', 1, numeric)).toBe('150000000000001');
    expect(codeToChild('110101001003', 7, numeric)).toBe('110101001003007');
    expect(codeToParent('110101001003012', numeric)).toBe('110101001003');
    expect(codeToParent('110101001003', numeric)).toBe('110101001000');
    expect(codeToParent('110108000000017', numeric)).toBe('110108000000');
    expect(codeToParent('110000000000', numeric)).toBeNull();
    expect(canonicalCode('110108', numeric)).toBe('110108000000');
  });

  it('accept every tier as a real code, and say what would work for a bad one', () => {
    // Regression (issue 11): a 6- or 9-digit code was "not a numeric grid code".
    for (const real of ['110108', '110108001', '330106001000'])
      expect(isValidCode(real, numeric), real).toBe(true);
    const message = (() => {
      try {
        parseCode('1101080', numeric);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/2, 4, 6, 9 or 12 digits/);
  });

  it('rejects codes of the wrong length, zero ordinals and overflow', () => {
    for (const bad of [
      '11010100100',
      '1101010010030',
      '110101001003000',
      'x10101001003',
      '110008000000001',
    ]) {
      expect(isValidCode(bad, numeric), bad).toBe(false);
    }
    expect(codeError(() => codeToChild('110101001003', 1000, numeric))).toBe(ErrorCode.INVALID_CODE);
    expect(codeError(() => codeToChild(null, 1, numeric))).toBe(ErrorCode.INVALID_CODE);
    expect(codeError(() => numericCodes({ gridDigits: [0] }))).toBe(ErrorCode.INVALID_OPTION);
  });

  it('derive children in a plan: divisions inside their division, grids by prefix at any width', () => {
    expect(isChildCode('110108001', '110108', numeric)).toBe(true);
    expect(isChildCode('110108001001', '110108', numeric)).toBe(true); // a plan may skip the street tier
    expect(isChildCode('110108001', '110109', numeric)).toBe(false);
    expect(isChildCode('110108000000017', '110108', numeric)).toBe(true);
    // A level whose children need more digits than the style's is widened by partition.
    expect(isValidCode('110108000000123456', numeric)).toBe(false);
    expect(planCodeProblem('110108000000123456', numeric)).toBeNull();
    expect(isChildCode('110108000000123456', '110108000000', numeric)).toBe(true);
    expect(isChildCode('110108000000000', '110108', numeric)).toBe(false);
    expect(isChildCode('110109000000017', '110108', numeric)).toBe(false);
  });
});

const letterParts = fc.record({
  root: fc.constant(''),
  path: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 6 }),
});
const divisions = fc.constantFrom(
  '110000000000',
  '110100000000',
  '110108000000',
  '110108001000',
  '330106001001',
);
const numericParts = fc.record({
  root: divisions,
  path: fc
    .tuple(fc.integer({ min: 1, max: 999 }), fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 5 }))
    .map(([c, g]) => [c, ...g]),
});

describe('code properties', () => {
  it('format then parse round-trips, in both styles', () => {
    fc.assert(
      fc.property(letterParts, (p) => {
        expect(parseCode(formatCode(p, letterCodes()), letterCodes())).toEqual(p);
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
        letterParts.filter((p) => p.path.length < 6),
        fc.integer({ min: 1, max: 99 }),
        (p, n) => {
          const code = formatCode(p, letterCodes());
          const child = codeToChild(code, n, letterCodes());
          expect(codeToParent(child, letterCodes())).toBe(code);
          expect(isChildCode(child, code, letterCodes())).toBe(true);
          expect(parseCode(child, letterCodes()).path).toHaveLength(p.path.length + 1);
        },
      ),
    );
    fc.assert(
      fc.property(
        numericParts.filter((p) => p.path.length < 6),
        fc.integer({ min: 1, max: 99 }),
        (p, n) => {
          const code = formatCode(p, numeric);
          const child = codeToChild(code, n, numeric);
          expect(codeToParent(child, numeric)).toBe(code);
          expect(isChildCode(child, code, numeric)).toBe(true);
        },
      ),
    );
  });
});

describe('codesOfChildren', () => {
  it('codes children in order, widening a numeric level that needs more digits', () => {
    expect(codesOfChildren('110108', 3, numeric)).toEqual([
      '110108000000001',
      '110108000000002',
      '110108000000003',
    ]);
    const many = codesOfChildren('150700', 250_000, numeric);
    expect(many[0]).toBe('150700000000000001');
    expect(many.at(-1)).toBe('150700000000250000');
    expect(new Set(many).size).toBe(250_000);
    expect(isChildCode(many[7], '150700', numeric)).toBe(true);
    expect(codesOfChildren('110101001003012', 2, numeric)).toEqual([
      '11010100100301201',
      '11010100100301202',
    ]);
    expect(codesOfChildren('东湖街道', 2, letterCodes())).toEqual(['A', 'B']);
    expect(codesOfChildren('HD', 2, letterCodes())).toEqual(['HD1', 'HD2']);
    expect(codeError(() => codesOfChildren('东湖街道', 2, numeric))).toBe(ErrorCode.INVALID_CODE);
  });
});
