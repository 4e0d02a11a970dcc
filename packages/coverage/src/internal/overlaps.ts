/** The overlap check: faces covered by two grids or more, one defect per pair and connected piece. */
import { formatArea } from '../format';
import type { Draft } from './draft';
import { type CoverageFaces, piecesOf } from './faces';
import { precisionFor, widthOf } from './measure';

/** Overlap drafts: for every pair of grids, each connected piece covered by both. */
export function overlapDrafts(faces: CoverageFaces, codes: readonly string[], sliverWidth: number): Draft[] {
  const byPair = new Map<string, { a: number; b: number; faces: number[] }>();
  faces.faceGrids.forEach((grids, face) => {
    for (let x = 0; x < grids.length; x++) {
      for (let y = x + 1; y < grids.length; y++) {
        const key = `${grids[x]},${grids[y]}`;
        const entry = byPair.get(key);
        if (entry === undefined) byPair.set(key, { a: grids[x], b: grids[y], faces: [face] });
        else entry.faces.push(face);
      }
    }
  });
  const drafts: Draft[] = [];
  for (const { a, b, faces: list } of byPair.values()) {
    const selected = new Uint8Array(faces.overlay.faceCount);
    for (const f of list) selected[f] = 1;
    const grids = [codes[a], codes[b]].sort();
    for (const { polygon, area } of piecesOf(faces, selected)) {
      drafts.push({
        kind: 'overlap',
        severity: 'error',
        grids,
        area,
        width: widthOf([polygon.coordinates], precisionFor(area, sliverWidth)),
        location: polygon,
        message: `${grids[0]} and ${grids[1]} overlap by ${formatArea(area)}`,
      });
    }
  }
  return drafts;
}
