export { PolygonIndex, type PolygonIndexOptions } from './polygonIndex';
