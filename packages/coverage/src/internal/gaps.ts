/**
 * The gap check: faces inside the parent that no grid covers (or, without a parent, bounded faces no grid
 * covers), grouped into connected pieces and classified by what is around them: `uncovered-parent` when
 * no grid touches the piece, `inlet` when it reaches the parent's boundary, `gap` otherwise, and `sliver`
 * for a gap or inlet narrower than `sliverWidth`. Without a parent, a hole bounded by one grid alone is
 * that grid's own hole (a lake), not a gap.
 */
import { geodesicArea } from '@wangge/core';
import { formatArea, formatLength } from '../format';
import type { DefectKind } from '../types';
import { type Draft, MIN_AREA } from './draft';
import { type CoverageFaces, polygonsOfPart } from './faces';
import { isRounding, precisionFor, widthOf } from './measure';

/** Gap, inlet, sliver and uncovered-parent drafts. */
export function gapDrafts(
  faces: CoverageFaces,
  codes: readonly string[],
  sliverWidth: number,
  parentCode: string | undefined,
): Draft[] {
  const { overlay: ov, faceGrids, inParent, hasParent } = faces;
  const selected = new Uint8Array(ov.faceCount);
  for (let f = 0; f < ov.faceCount; f++) {
    if (faceGrids[f].length === 0 && (!hasParent || inParent[f] === 1)) selected[f] = 1;
  }
  const drafts: Draft[] = [];
  for (const part of ov.parts(selected)) {
    const around = new Set<number>();
    let open = false;
    for (const f of part.faces) {
      for (const n of ov.faceNeighbours(f)) {
        if (n < 0 || inParent[n] === 0) open = true;
        if (n >= 0) for (const g of faceGrids[n]) around.add(g);
      }
    }
    const grids = [...around].map((g) => codes[g]).sort();
    let kind: DefectKind;
    if (!hasParent) {
      if (grids.length < 2) continue;
      kind = 'gap';
    } else kind = grids.length === 0 ? 'uncovered-parent' : open ? 'inlet' : 'gap';
    const named = kind === 'uncovered-parent' && parentCode !== undefined ? [parentCode] : grids;
    for (const polygon of polygonsOfPart(part.geometry)) {
      if (isRounding(polygon.coordinates)) continue;
      const area = geodesicArea(polygon);
      if (area < MIN_AREA) continue;
      const width = widthOf([polygon.coordinates], precisionFor(area, sliverWidth));
      const narrow = (kind === 'gap' || kind === 'inlet') && width < sliverWidth;
      const finalKind: DefectKind = narrow ? 'sliver' : kind;
      const what =
        finalKind === 'sliver'
          ? `sliver (${kind}) ${formatLength(width)} wide`
          : finalKind === 'uncovered-parent'
            ? 'parent area not covered by any grid'
            : finalKind === 'inlet'
              ? 'inlet open to the parent boundary'
              : 'gap enclosed by grids';
      drafts.push({
        kind: finalKind,
        severity: 'error',
        grids: named,
        area,
        width,
        location: polygon,
        message: `${what}: ${formatArea(area)}${grids.length > 0 ? ` next to ${grids.join(', ')}` : ''}`,
      });
    }
  }
  return drafts;
}
