import { type PointTable, pointTable } from '@wangge/core';
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

/** The columns of the city's household table. */
export interface HouseholdColumns {
  /** Id of the building each household lives in. */
  readonly building: Int32Array;
  /** Residents per household. */
  readonly residents: Uint8Array;
  /** {@link KeyGroup} bit flags per household. */
  readonly flags: Uint8Array;
}

/**
 * The city's households: a core `PointTable` (positions interleaved lon, lat in `xy`) whose columns are
 * typed as the generator fills them, so it goes as it is to every package that reads a point table.
 */
export interface CityHouseholds extends PointTable {
  readonly columns: Readonly<HouseholdColumns>;
}

/** A household table of `length` rows, all zero, to be filled in place. */
export function emptyHouseholds(length: number): CityHouseholds {
  const columns: HouseholdColumns = {
    building: new Int32Array(length),
    residents: new Uint8Array(length),
    flags: new Uint8Array(length),
  };
  return pointTable(new Float64Array(2 * length), { ...columns }) as CityHouseholds;
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
  table: CityHouseholds,
  start = 0,
  end = table.length,
): FeatureCollection<Point, HouseholdProperties> {
  const { building, residents, flags } = table.columns;
  const features: Feature<Point, HouseholdProperties>[] = [];
  for (let i = start; i < end; i++) {
    features.push({
      type: 'Feature',
      properties: {
        id: i,
        building: building[i],
        residents: residents[i],
        keyGroups: GROUP_NAMES.filter(([, bit]) => flags[i] & bit).map(([name]) => name.toLowerCase()),
      },
      geometry: { type: 'Point', coordinates: [table.xy[2 * i], table.xy[2 * i + 1]] },
    });
  }
  return { type: 'FeatureCollection', features };
}
