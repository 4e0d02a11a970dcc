/**
 * China's administrative division codes: GB/T 2260 (province, prefecture, county; 6 digits) and its
 * extension in the statistical division codes (统计用区划代码; township 9 digits, village 12 digits).
 */

/** The five tiers of a division code, top down. */
export type DivisionTier = 'province' | 'prefecture' | 'county' | 'township' | 'village';

/** A division code taken apart by {@link parseDivisionCode}. */
export interface DivisionCode {
  /** The 12-digit form, zeros below the tier (`110108` → `110108000000`). */
  full: string;
  /** The short form: the digits down to its tier (`110108000000` → `110108`). */
  short: string;
  /** Its tier. */
  tier: DivisionTier;
  /** 1 (province) to 5 (village). */
  depth: number;
}

/** The tiers in order, with the digits each adds and the length of a code down to it. */
export const DIVISION_TIERS: ReadonlyArray<{ tier: DivisionTier; digits: number; length: number }> = [
  { tier: 'province', digits: 2, length: 2 },
  { tier: 'prefecture', digits: 2, length: 4 },
  { tier: 'county', digits: 2, length: 6 },
  { tier: 'township', digits: 3, length: 9 },
  { tier: 'village', digits: 3, length: 12 },
];

/** The lengths a division code may have: 2, 4, 6, 9 or 12 digits. */
export const DIVISION_CODE_LENGTHS: readonly number[] = DIVISION_TIERS.map((t) => t.length);

/**
 * Takes a division code apart, or `null` with the reason when it is not one. A code has 2, 4, 6, 9 or 12
 * digits; trailing zero segments stand for the tiers it does not reach (`110108` = `110108000000`, a
 * county). The province segment is 11 to 82, and no tier may be filled below an empty one (`110008`).
 */
export function parseDivisionCode(code: unknown): DivisionCode | { why: string } {
  if (typeof code !== 'string' || !/^[0-9]+$/.test(code)) return { why: 'a division code is made of digits' };
  if (!DIVISION_CODE_LENGTHS.includes(code.length)) {
    return { why: `a division code has 2, 4, 6, 9 or 12 digits, this one has ${code.length}` };
  }
  const full = code.padEnd(12, '0');
  const province = Number(full.slice(0, 2));
  if (province < 11 || province > 82) return { why: `its province ${full.slice(0, 2)} is not 11 to 82` };
  let depth = 0;
  for (let k = 0; k < DIVISION_TIERS.length; k++) {
    const { digits, length, tier } = DIVISION_TIERS[k];
    if (Number(full.slice(length - digits, length)) === 0) continue;
    if (depth < k)
      return { why: `it fills the ${tier} digits below an empty ${DIVISION_TIERS[k - 1].tier} segment` };
    depth = k + 1;
  }
  const tier = DIVISION_TIERS[depth - 1];
  return { full, short: full.slice(0, tier.length), tier: tier.tier, depth };
}

/** True when `code` is a division code (see {@link parseDivisionCode}). */
export function isDivisionCode(code: unknown): boolean {
  return 'full' in parseDivisionCode(code);
}

/**
 * The code of the division one tier up, in short form (`110108001` → `110108`), or `null` for a province
 * or a string that is not a division code.
 */
export function divisionToParent(code: string): string | null {
  const parsed = parseDivisionCode(code);
  if (!('full' in parsed) || parsed.depth === 1) return null;
  return parsed.full.slice(0, DIVISION_TIERS[parsed.depth - 2].length);
}

/** True when division `ancestor` contains division `code` (a strict ancestor, any number of tiers up). */
export function isDivisionAncestor(ancestor: string, code: string): boolean {
  const a = parseDivisionCode(ancestor);
  const c = parseDivisionCode(code);
  if (!('full' in a) || !('full' in c) || a.depth >= c.depth) return false;
  return c.full.startsWith(a.short);
}
