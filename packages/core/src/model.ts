import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/**
 * The levels of a plan headed by a street, the most common plan. Levels are relative: level 1 is the top
 * of any plan, which may be a province, a city, a district, a street or a community, with up to 6 levels
 * below it (name them with `levelNames`).
 */
export const Level = {
  /** 街道/乡镇: street or town, the first-level grid (一级网格). */
  STREET: 1,
  /** 社区/村: community or village, the second-level grid (二级网格). */
  COMMUNITY: 2,
  /** 网格: the grid a grid worker (网格员) looks after (三级网格). */
  GRID: 3,
  /** 微网格/楼栋: micro-grid, often one or a few buildings (四级网格). */
  MICRO: 4,
  /** 五级: a finer optional level, e.g. a building unit or a household group (十户联防). */
  UNIT: 5,
} as const;

/** Deepest level a plan may have: the top (level 1) and up to 6 levels below it. */
export const MAX_LEVEL = 7;

/** Properties every grid feature carries; further properties pass through untouched. */
export interface GridProperties {
  /** Unique code of the grid within its plan, e.g. `A12`, `110108` or `110101001001003`. */
  code: string;
  /** Code of the parent grid, `null` for a top-level grid. */
  parent: string | null;
  /** 1 for the top of the plan (a province, city, district, street or community), 2 below it, … up to 7. */
  level: number;
  /** Human name, e.g. `东湖社区第3网格`. */
  name?: string;
  [key: string]: unknown;
}

/** Geometry of a grid: one polygon, or several parts (an exclave, 飞地). */
export type GridGeometry = Polygon | MultiPolygon;

/** A grid: a GeoJSON polygon feature with {@link GridProperties}. */
export type GridFeature = Feature<GridGeometry, GridProperties>;

/** A GeoJSON collection of grids. */
export type GridCollection = FeatureCollection<GridGeometry, GridProperties>;

/** A `[minLon, minLat, maxLon, maxLat]` box. */
export type BBox = [number, number, number, number];
