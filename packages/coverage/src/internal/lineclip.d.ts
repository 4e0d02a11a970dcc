declare module 'lineclip' {
  /** Sutherland–Hodgman clip of a closed ring to `[minX, minY, maxX, maxY]`. */
  export function clipPolygon(points: number[][], bbox: number[]): number[][];
}
