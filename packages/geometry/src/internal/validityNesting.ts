/**
 * The validity checker's rings against each other: holes inside their shell and not nested, parts apart,
 * and exteriors counter-clockwise, holes clockwise.
 */
import type { Position } from 'geojson';
import { isInRingXY } from '../pointRule';
import { onSegment } from '../predicates';
import type { ValidityProblem } from '../validity';
import type { PairState } from './validityPairs';
import type { ValidityRings } from './validityRings';

/** Holes outside their shell or nested in another hole; parts inside other parts. */
export function nestingProblems(rings: ValidityRings, state: PairState, problems: ValidityProblem[]): void {
  const { count, part, ringInPart, start, xy, box } = rings;
  const inside = (outer: number, inner: number): boolean | null => {
    if (!boxHolds(box, outer, inner)) return false;
    const probe = probeOff(rings, inner, outer);
    if (probe === null) return null;
    return isInRingXY(xy, start[outer], start[outer + 1] - 1, probe[0], probe[1]);
  };
  const shellOf = new Map<number, number>();
  for (let r = 0; r < count; r++) if (ringInPart[r] === 0) shellOf.set(part[r], r);
  for (let r = 0; r < count; r++) {
    if (ringInPart[r] === 0 || rings.skip[r]) continue;
    const shell = shellOf.get(part[r]);
    if (
      shell === undefined ||
      rings.skip[shell] ||
      state.crossed.has(`${shell}:${r}`) ||
      state.crossed.has(`${r}:${shell}`)
    )
      continue;
    if (inside(shell, r) === false) {
      problems.push({
        reason: 'hole-outside-shell',
        severity: 'error',
        message: `hole ${ringInPart[r]} lies outside its exterior (make-valid keeps it as an island when it does not touch the exterior)`,
        location: [xy[2 * start[r]], xy[2 * start[r] + 1]],
        part: part[r],
        ring: ringInPart[r],
      });
      continue;
    }
    for (let h = 0; h < count; h++) {
      if (h === r || part[h] !== part[r] || ringInPart[h] === 0 || rings.skip[h]) continue;
      if (state.crossed.has(`${Math.min(h, r)}:${Math.max(h, r)}`)) continue;
      if (inside(h, r) === true) {
        problems.push({
          reason: 'nested-holes',
          severity: 'error',
          message: `hole ${ringInPart[r]} lies inside hole ${ringInPart[h]}`,
          location: [xy[2 * start[r]], xy[2 * start[r] + 1]],
          part: part[r],
          ring: ringInPart[r],
        });
        break;
      }
    }
  }
  // A part whose shell lies inside another part's shell and in none of its holes overlaps it.
  const parts = [...shellOf.entries()].filter(([, s]) => !rings.skip[s]);
  for (const [p, s] of parts) {
    for (const [q, t] of parts) {
      if (p === q || state.partsMet.has(`${Math.min(p, q)}:${Math.max(p, q)}`)) continue;
      if (inside(t, s) !== true) continue;
      let inHole = false;
      for (let h = 0; h < count && !inHole; h++) {
        if (part[h] === q && ringInPart[h] > 0 && !rings.skip[h] && inside(h, s) === true) inHole = true;
      }
      if (inHole) continue;
      state.partsMet.add(`${Math.min(p, q)}:${Math.max(p, q)}`);
      problems.push({
        reason: 'overlapping-parts',
        severity: 'error',
        message: `polygon ${p} lies inside polygon ${q}`,
        location: [xy[2 * start[s]], xy[2 * start[s] + 1]],
        part: p,
        ring: 0,
      });
    }
  }
}

function boxHolds(box: Float64Array, outer: number, inner: number): boolean {
  return (
    box[4 * outer] <= box[4 * inner] &&
    box[4 * outer + 1] <= box[4 * inner + 1] &&
    box[4 * outer + 2] >= box[4 * inner + 2] &&
    box[4 * outer + 3] >= box[4 * inner + 3]
  );
}

/** A vertex of ring `inner` off ring `outer`, else an edge midpoint off it, else `null`. */
function probeOff(rings: ValidityRings, inner: number, outer: number): Position | null {
  const { xy, start } = rings;
  const on = (x: number, y: number) => {
    for (let k = start[outer]; k + 1 < start[outer + 1]; k++) {
      if (onSegment(xy[2 * k], xy[2 * k + 1], xy[2 * k + 2], xy[2 * k + 3], x, y)) return true;
    }
    return false;
  };
  for (let k = start[inner]; k + 1 < start[inner + 1]; k++)
    if (!on(xy[2 * k], xy[2 * k + 1])) return [xy[2 * k], xy[2 * k + 1]];
  for (let k = start[inner]; k + 1 < start[inner + 1]; k++) {
    const x = (xy[2 * k] + xy[2 * k + 2]) / 2;
    const y = (xy[2 * k + 1] + xy[2 * k + 3]) / 2;
    if (!on(x, y)) return [x, y];
  }
  return null;
}

/** RFC 7946: exteriors counter-clockwise, holes clockwise (for rings simple enough to have a side). */
export function orientationProblems(
  rings: ValidityRings,
  state: PairState,
  problems: ValidityProblem[],
): void {
  for (let r = 0; r < rings.count; r++) {
    if (rings.skip[r] || state.selfCount(r) > 0 || state.spikes[r].length > 0) continue;
    const exterior = rings.ringInPart[r] === 0;
    if (rings.orientation[r] === (exterior ? 1 : -1) || rings.orientation[r] === 0) continue;
    const k = rings.start[r];
    problems.push({
      reason: 'wrong-orientation',
      severity: 'warning',
      message: exterior ? 'the exterior ring runs clockwise' : 'the hole runs counter-clockwise',
      location: [rings.xy[2 * k], rings.xy[2 * k + 1]],
      part: rings.part[r],
      ring: rings.ringInPart[r],
    });
  }
}
