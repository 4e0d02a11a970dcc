export { generateCity } from './city';
export {
  type CityHouseholds,
  type HouseholdColumns,
  type HouseholdProperties,
  householdsToFeatures,
  KeyGroup,
} from './households';
export { createRandom, type Random } from './random';
export type {
  BuildingProperties,
  CityOptions,
  CompoundProperties,
  ExampleCity,
  LandUse,
  PoiProperties,
  RoadProperties,
} from './types';
export { type AtlasProperties, loadUsCounties, loadUsStates } from './usAtlas';
