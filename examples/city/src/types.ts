import type { GridFeature } from '@wangge/core';
import type { Feature, LineString, Point, Polygon } from 'geojson';
import type { CityHouseholds } from './households';

/** Options of `generateCity`. */
export interface CityOptions {
  /** Seed of every random choice. @default 1 */
  seed?: number;
  /** Households in the district, 1,000 to 1,000,000. @default 20000 */
  households?: number;
  /** Communities (社区) tiling the district, 5 to 20. @default households / 2500, clamped to 5..20 */
  communities?: number;
  /** Centre of the district, `[lon, lat]`. @default [120.13, 30.27] */
  center?: [number, number];
  /** Code style of the communities. @default 'letter' */
  codeStyle?: 'letter' | 'numeric';
}

/** Land use of a compound. */
export type LandUse = 'residential' | 'commercial' | 'park';

/** Properties of a compound (小区/街坊): the atomic unit of the district, one mesh cell. */
export interface CompoundProperties {
  id: number;
  /** Code of the community it lies in. */
  community: string;
  landUse: LandUse;
  households: number;
  buildings: number;
}

/** Properties of a building (楼栋). */
export interface BuildingProperties {
  id: number;
  compound: number;
  households: number;
  storeys: number;
}

/** Properties of a shop or key unit point. */
export interface PoiProperties {
  id: number;
  kind: string;
  compound: number;
}

/** Properties of a main road. */
export interface RoadProperties {
  name: string;
  kind: 'main-road';
}

/** A generated district with everything a grid plan is made from and checked against. */
export interface ExampleCity {
  /** The options the city was generated with, defaults filled in. */
  options: Required<CityOptions>;
  /** The street (level 1): an irregular MultiPolygon with a lake hole and an exclave. */
  district: GridFeature;
  /** The communities (level 2), tiling the district exactly; ordered and coded north to south. */
  communities: GridFeature[];
  /** Compounds: the atomic units, tiling the district exactly. */
  compounds: Feature<Polygon, CompoundProperties>[];
  /** Buildings inside residential and commercial compounds, with household counts. */
  buildings: Feature<Polygon, BuildingProperties>[];
  /** Every household, inside its building: a core `PointTable` with `building`, `residents`, `flags`. */
  households: CityHouseholds;
  /** Shops (商铺). */
  shops: Feature<Point, PoiProperties>[];
  /** Key units (重点单位): schools, hospitals, hazardous-goods stores, markets, sites. */
  keyUnits: Feature<Point, PoiProperties>[];
  /** Main roads along compound edges. */
  roads: Feature<LineString, RoadProperties>[];
}

/** A mesh vertex or point in planar metres to `[lon, lat]` on the kernel's 1e-9° grid. */
export type ToLonLat = (p: readonly number[]) => [number, number];
