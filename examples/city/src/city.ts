import { ErrorCode, type GridFeature, WanggeError } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import type { Feature, Point, Polygon } from 'geojson';
import { allocateHouseholds, chooseLandUse } from './allocate';
import { placeBuildings } from './buildings';
import { codeCommunities, DISTRICT_CODE, growCommunities } from './communities';
import { chooseDistrictCells } from './district';
import { emptyHouseholds } from './households';
import { createMesh } from './mesh';
import { lonLatMesh } from './outline';
import { placeKeyUnits, placeShops } from './pois';
import { createRandom } from './random';
import { traceRoads } from './roads';
import type {
  BuildingProperties,
  CityOptions,
  CompoundProperties,
  ExampleCity,
  PoiProperties,
} from './types';

const DENSITY_PER_KM2 = 6000;

/**
 * Generates a realistic district, deterministically: the same options give the same bytes.
 * Everything is built from one Voronoi mesh in metres, so the district, communities and compounds
 * share their edges exactly, and every household lies inside a building inside a compound.
 */
export function generateCity(options: CityOptions = {}): ExampleCity {
  const opts = resolveOptions(options);
  const random = createRandom(opts.seed);
  const radius = Math.sqrt(((opts.households / DENSITY_PER_KM2) * 1e6) / Math.PI);
  const cellTarget = Math.min(40_000, Math.max(150, Math.round(opts.households / 40)));
  const mesh = createMesh(2.4 * radius, Math.sqrt((Math.PI * radius * radius) / cellTarget), random);
  const lonLat = lonLatMesh(mesh, opts.center);

  const inDistrict = chooseDistrictCells(mesh, radius, random);
  const landUse = chooseLandUse(inDistrict, random);
  const households = allocateHouseholds(mesh, inDistrict, landUse, opts.households, radius, random);
  const communityOf = growCommunities(mesh, inDistrict, households, opts.communities, random);
  const codes = codeCommunities(mesh, communityOf, opts);

  const district: GridFeature = {
    type: 'Feature',
    properties: { code: DISTRICT_CODE, parent: null, level: 1, name: '西溪街道' },
    geometry: { type: 'MultiPolygon', coordinates: polygonsOf(lonLat.outline(inDistrict)) },
  };
  const members = codes.map(() => [] as number[]);
  for (const c of inDistrict) members[communityOf.get(c)!].push(c);
  const communities = codes.map(
    (code, k): GridFeature => ({
      type: 'Feature',
      properties: { code, parent: DISTRICT_CODE, level: 2, name: `${code}社区` },
      geometry: lonLat.outline(members[k]),
    }),
  );
  const order = communities.map((_, k) => k).sort((a, b) => codes[a].localeCompare(codes[b]));

  const compounds: Feature<Polygon, CompoundProperties>[] = [];
  const buildings: Feature<Polygon, BuildingProperties>[] = [];
  const table = emptyHouseholds(opts.households);
  const cursor = { row: 0 };
  const shops: Feature<Point, PoiProperties>[] = [];
  for (const c of inDistrict) {
    const firstBuilding = buildings.length;
    const use = landUse.get(c)!;
    placeBuildings(mesh, c, households.get(c)!, use, random, lonLat.toLonLat, buildings, table, cursor);
    placeShops(mesh, c, use, random, lonLat.toLonLat, shops);
    compounds.push({
      type: 'Feature',
      properties: {
        id: c,
        community: codes[communityOf.get(c)!],
        landUse: use,
        households: households.get(c)!,
        buildings: buildings.length - firstBuilding,
      },
      geometry: { type: 'Polygon', coordinates: [lonLat.cellRing(c)] },
    });
  }
  const keyUnits = placeKeyUnits(mesh, [...inDistrict], opts.households, random, lonLat.toLonLat);
  const roads = traceRoads(mesh, inDistrict, radius, random, lonLat.vertex);
  return {
    options: opts,
    district,
    communities: order.map((k) => communities[k]),
    compounds,
    buildings,
    households: table,
    shops,
    keyUnits,
    roads,
  };
}

function resolveOptions(options: CityOptions): Required<CityOptions> {
  const households = options.households ?? 20_000;
  if (!Number.isInteger(households) || households < 1000 || households > 1_000_000) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `households must be a whole number from 1,000 to 1,000,000, got ${households}`,
    );
  }
  const communities = options.communities ?? Math.min(20, Math.max(5, Math.round(households / 2500)));
  if (!Number.isInteger(communities) || communities < 5 || communities > 20) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `communities must be a whole number from 5 to 20, got ${communities}`,
    );
  }
  const codeStyle = options.codeStyle ?? 'letter';
  if (codeStyle !== 'letter' && codeStyle !== 'numeric') {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `codeStyle must be 'letter' or 'numeric', got ${String(codeStyle)}`,
    );
  }
  return {
    seed: options.seed ?? 1,
    households,
    communities,
    center: options.center ?? [120.13, 30.27],
    codeStyle,
  };
}
