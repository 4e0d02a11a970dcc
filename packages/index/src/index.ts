export { DynamicPolygonIndex } from './dynamicIndex';
export { AdjacencyGraph, type NeighboursOptions, neighbours } from './neighbours';
export { PolygonIndex, type PolygonIndexOptions } from './polygonIndex';
