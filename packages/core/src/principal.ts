/**
 * The angle (radians, in (-π/2, π/2]) of the principal axis of `count` points `x(i)`, `y(i)` weighted by
 * `weight(i)`: the direction along which their weighted spread about the weighted mean is largest. The
 * splitters cut across it.
 */
export function principalAngle(
  count: number,
  x: (i: number) => number,
  y: (i: number) => number,
  weight: (i: number) => number = () => 1,
): number {
  let w = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < count; i++) {
    const wi = weight(i);
    w += wi;
    mx += wi * x(i);
    my += wi * y(i);
  }
  mx /= w || 1;
  my /= w || 1;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < count; i++) {
    const wi = weight(i);
    const dx = x(i) - mx;
    const dy = y(i) - my;
    sxx += wi * dx * dx;
    sxy += wi * dx * dy;
    syy += wi * dy * dy;
  }
  return 0.5 * Math.atan2(2 * sxy, sxx - syy);
}
