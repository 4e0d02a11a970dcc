export { AdjacencyGraph, type NeighboursOptions, neighbours } from './neighbours';
export { PolygonIndex, type PolygonIndexOptions } from './polygonIndex';
