/** Paper sizes of the printed sheets: A4 or A3, portrait or landscape. */
import { ErrorCode, WanggeError } from '@wangge/core';

/** A paper size by name, e.g. `a4-landscape`. */
export type PaperName = `${'a4' | 'a3'}-${'portrait' | 'landscape'}`;

/** A sheet of paper: its size in millimetres and in page units (CSS pixels, 96 per inch). */
export interface Paper {
  name: PaperName;
  widthMm: number;
  heightMm: number;
  /** Width and height in page units. */
  width: number;
  height: number;
  /** Page units per millimetre. */
  unit: number;
}

/** CSS pixels per millimetre: the unit sheets are drawn in. */
export const PX_PER_MM = 96 / 25.4;

const SIZES: Record<string, [number, number]> = { a4: [210, 297], a3: [297, 420] };

/** The paper of a name such as `a4-landscape` or `a3-portrait`; throws `INVALID_OPTION` for others. */
export function paperOf(name: string): Paper {
  const m = /^(a4|a3)-(portrait|landscape)$/.exec(name.toLowerCase());
  if (m === null) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `paper must be a4-portrait, a4-landscape, a3-portrait or a3-landscape, got ${JSON.stringify(name)}`,
    );
  }
  const [short, long] = SIZES[m[1]];
  const [widthMm, heightMm] = m[2] === 'portrait' ? [short, long] : [long, short];
  return {
    name: `${m[1]}-${m[2]}` as PaperName,
    widthMm,
    heightMm,
    width: widthMm * PX_PER_MM,
    height: heightMm * PX_PER_MM,
    unit: PX_PER_MM,
  };
}
