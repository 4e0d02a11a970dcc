declare module 'lineclip' {
  /** Sutherland–Hodgman clip of a closed ring to `[minX, minY, maxX, maxY]`. */
  export function clipPolygon(points: number[][], bbox: number[]): number[][];
  /** Cohen–Sutherland clip of a polyline to `[minX, minY, maxX, maxY]`: the pieces inside. */
  export function clipPolyline(points: number[][], bbox: number[]): number[][][];
}
