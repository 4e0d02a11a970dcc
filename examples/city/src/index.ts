export {
  type BuildingProperties,
  type CityOptions,
  type CompoundProperties,
  type ExampleCity,
  generateCity,
  type LandUse,
  type PoiProperties,
  type RoadProperties,
} from './city';
export { type HouseholdProperties, type HouseholdTable, householdsToFeatures, KeyGroup } from './households';
export { createRandom, type Random } from './random';
export { type AtlasProperties, loadUsCounties, loadUsStates } from './usAtlas';
