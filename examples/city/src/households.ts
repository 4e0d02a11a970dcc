import type { Feature, FeatureCollection, Point } from 'geojson';

/** Bit flags of the key groups (重点人群) a household may belong to. */
export const KeyGroup = {
  /** 独居老人: elderly living alone. */
  ELDERLY_ALONE: 1,
  /** 残疾人: a disabled resident. */
  DISABLED: 2,
  /** 出租房: a rented dwelling. */
  RENTAL: 4,
  /** 流动人口: floating (non-registered) population. */
  FLOATING: 8,
} as const;

/** Households in columns: compact enough for a million rows, and ready for typed-array queries. */
export interface HouseholdTable {
  /** Number of households. */
  length: number;
  /** Positions, interleaved lon, lat. */
  xy: Float64Array;
  /** Id of the building each household lives in. */
  building: Int32Array;
  /** Residents per household. */
  residents: Uint8Array;
  /** {@link KeyGroup} bit flags per household. */
  flags: Uint8Array;
}

/** Properties of a household point feature. */
export interface HouseholdProperties {
  id: number;
  building: number;
  residents: number;
  keyGroups: string[];
}

const GROUP_NAMES = Object.entries(KeyGroup) as Array<[keyof typeof KeyGroup, number]>;

/** Households `[start, end)` of a table as GeoJSON points, with key groups spelled out. */
export function householdsToFeatures(
  table: HouseholdTable,
  start = 0,
  end = table.length,
): FeatureCollection<Point, HouseholdProperties> {
  const features: Feature<Point, HouseholdProperties>[] = [];
  for (let i = start; i < end; i++) {
    features.push({
      type: 'Feature',
      properties: {
        id: i,
        building: table.building[i],
        residents: table.residents[i],
        keyGroups: GROUP_NAMES.filter(([, bit]) => table.flags[i] & bit).map(([name]) => name.toLowerCase()),
      },
      geometry: { type: 'Point', coordinates: [table.xy[2 * i], table.xy[2 * i + 1]] },
    });
  }
  return { type: 'FeatureCollection', features };
}
