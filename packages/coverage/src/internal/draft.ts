import type { CoverageDefect } from '../types';

/** A defect before it gets its id and sort position. */
export type Draft = Omit<CoverageDefect, 'id'>;

/** Areas below this many m² are rounding noise of the overlay, not defects. */
export const MIN_AREA = 1e-6;
