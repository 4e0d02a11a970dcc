/**
 * The coverage overlay: the parent (when given) and every live grid in one `@wangge/geometry` overlay,
 * each face labelled with the grids covering it and whether the parent does. Every areal check reads it:
 * faces of two grids or more are overlaps, faces of the parent alone are gaps, faces of a grid outside
 * the parent are spill.
 */
import { type GridGeometry, geodesicArea } from '@wangge/core';
import { type Overlay, overlay } from '@wangge/geometry';
import type { Polygon, Position } from 'geojson';
import { MIN_AREA } from './draft';
import { isRounding } from './measure';

/** The labelled faces of a coverage. */
export interface CoverageFaces {
  overlay: Overlay;
  /** Grid indices (into the caller's list) covering each face, ascending. */
  faceGrids: number[][];
  /** 1 where the parent covers the face (all 0 without a parent). */
  inParent: Uint8Array;
  /** Whether a parent was given. */
  hasParent: boolean;
}

/** Overlays `parent` (or none) and the grids `geometries[g]` for every `g` in `live`. */
export function coverageFaces(
  parent: GridGeometry | null,
  geometries: ReadonlyArray<GridGeometry | null>,
  live: readonly number[],
): CoverageFaces {
  const offset = parent === null ? 0 : 1;
  const inputs: GridGeometry[] = parent === null ? [] : [parent];
  for (const g of live) inputs.push(geometries[g] as GridGeometry);
  const ov = overlay(inputs);
  const faceGrids: number[][] = [];
  const inParent = new Uint8Array(ov.faceCount);
  for (let face = 0; face < ov.faceCount; face++) {
    const grids: number[] = [];
    for (const input of ov.faceInputs(face)) {
      if (input < offset) inParent[face] = 1;
      else grids.push(live[input - offset]);
    }
    faceGrids.push(grids);
  }
  return { overlay: ov, faceGrids, inParent, hasParent: parent !== null };
}

/** The polygons of a part's geometry, one by one. */
export function polygonsOfPart(geometry: GridGeometry): Polygon[] {
  if (geometry.type === 'Polygon') return [geometry];
  return geometry.coordinates.map((coordinates: Position[][]) => ({ type: 'Polygon', coordinates }));
}

/**
 * The selected faces as pieces: each connected polygon of them, with its geodesic area and the faces of
 * its part; overlay rounding (thinner than `ROUNDING_WIDTH`) and pieces under `MIN_AREA` left out.
 */
export function piecesOf(
  faces: CoverageFaces,
  selected: Uint8Array,
): Array<{ polygon: Polygon; area: number; faces: number[] }> {
  const out: Array<{ polygon: Polygon; area: number; faces: number[] }> = [];
  for (const part of faces.overlay.parts(selected)) {
    for (const polygon of polygonsOfPart(part.geometry)) {
      if (isRounding(polygon.coordinates)) continue;
      const area = geodesicArea(polygon);
      if (area >= MIN_AREA) out.push({ polygon, area, faces: part.faces });
    }
  }
  return out;
}
