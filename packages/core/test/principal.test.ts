import { describe, expect, it } from 'vitest';
import { principalAngle } from '../src/internal';

describe('principalAngle', () => {
  it('finds the direction of largest spread', () => {
    const xs = [0, 1, 2, 3];
    expect(
      principalAngle(
        4,
        (i) => xs[i],
        (i) => xs[i],
      ),
    ).toBeCloseTo(Math.PI / 4, 12);
    expect(
      principalAngle(
        4,
        (i) => xs[i],
        () => 5,
      ),
    ).toBe(0);
    expect(
      principalAngle(
        4,
        () => 5,
        (i) => xs[i],
      ),
    ).toBeCloseTo(Math.PI / 2, 12);
  });

  it('weighs the points: a heavy pair decides the axis', () => {
    const x = [0, 10, 0, 0];
    const y = [0, 0, 0, 1];
    const w = [1, 1, 1000, 1000];
    expect(
      principalAngle(
        4,
        (i) => x[i],
        (i) => y[i],
      ),
    ).toBeCloseTo(0, 1);
    // ±π/2 are one axis.
    const heavy = principalAngle(
      4,
      (i) => x[i],
      (i) => y[i],
      (i) => w[i],
    );
    expect(Math.abs(heavy)).toBeCloseTo(Math.PI / 2, 1);
  });
});
