/** The spill check: the parts of each grid outside the parent (`outside-parent`, 越界). */
import { formatArea } from '../format';
import type { Draft } from './draft';
import { type CoverageFaces, piecesOf } from './faces';
import { precisionFor, widthOf } from './measure';

/** Outside-parent drafts, per grid and connected piece; none without a parent. */
export function spillDrafts(faces: CoverageFaces, codes: readonly string[], sliverWidth: number): Draft[] {
  if (!faces.hasParent) return [];
  const byGrid = new Map<number, number[]>();
  faces.faceGrids.forEach((grids, face) => {
    if (faces.inParent[face] === 1) return;
    for (const g of grids) {
      const list = byGrid.get(g);
      if (list === undefined) byGrid.set(g, [face]);
      else list.push(face);
    }
  });
  const drafts: Draft[] = [];
  for (const g of [...byGrid.keys()].sort((a, b) => a - b)) {
    const selected = new Uint8Array(faces.overlay.faceCount);
    for (const f of byGrid.get(g)!) selected[f] = 1;
    for (const { polygon, area } of piecesOf(faces, selected)) {
      drafts.push({
        kind: 'outside-parent',
        severity: 'error',
        grids: [codes[g]],
        area,
        width: widthOf([polygon.coordinates], precisionFor(area, sliverWidth)),
        location: polygon,
        message: `${codes[g]} spills ${formatArea(area)} outside its parent`,
      });
    }
  }
  return drafts;
}
