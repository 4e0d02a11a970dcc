import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Box, LabelPlacer, labelExtent, type PlacedLabel, textWidth } from '../src/render/labels';

const overlaps = (a: Box, b: Box) => a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;

/** Whether segment a–b passes through the inside of a box, by sampling it densely. */
function crosses(a: [number, number], b: [number, number], box: Box): boolean {
  for (let t = 0.001; t < 1; t += 0.001) {
    const x = a[0] + t * (b[0] - a[0]);
    const y = a[1] + t * (b[1] - a[1]);
    if (x > box.minX + 1e-6 && x < box.maxX - 1e-6 && y > box.minY + 1e-6 && y < box.maxY - 1e-6) return true;
  }
  return false;
}

const requests = fc.array(
  fc.record({
    x: fc.double({ min: 0, max: 400, noNaN: true }),
    y: fc.double({ min: 0, max: 300, noNaN: true }),
    text: fc.string({ minLength: 1, maxLength: 6 }),
    size: fc.double({ min: 6, max: 20, noNaN: true }),
    room: fc.double({ min: 1, max: 80, noNaN: true }),
    leader: fc.constantFrom(0, 30, 80),
  }),
  { maxLength: 60 },
);

describe('label placement', () => {
  it('never lets two labels, or a label and an obstacle, overlap, and keeps every label in bounds', () => {
    fc.assert(
      fc.property(
        requests,
        fc.array(fc.tuple(fc.nat(380), fc.nat(280)), { maxLength: 4 }),
        (reqs, obstacles) => {
          const placer = new LabelPlacer({ x: 0, y: 0, width: 400, height: 300 });
          const blocked = obstacles.map(([x, y]) => ({ minX: x, minY: y, maxX: x + 20, maxY: y + 20 }));
          for (const b of blocked) placer.block(b);
          const placed: PlacedLabel[] = [];
          for (const r of reqs) {
            const before = [...placed.map((p) => p.box), ...blocked];
            const p = placer.place({
              x: r.x,
              y: r.y,
              lines: [
                { text: r.text, bold: true },
                { text: `${r.text}户`, scale: 0.85 },
              ],
              size: r.size,
              minSize: 5,
              room: r.room,
              leader: r.leader,
            });
            if (p === null) continue;
            // Its leader, if any, crosses none of the labels placed before it.
            if (p.leader !== null)
              for (const b of before) expect(crosses(p.leader[0], p.leader[1], b)).toBe(false);
            placed.push(p);
          }
          for (let i = 0; i < placed.length; i++) {
            const a = placed[i].box;
            expect(a.minX).toBeGreaterThanOrEqual(0);
            expect(a.minY).toBeGreaterThanOrEqual(0);
            expect(a.maxX).toBeLessThanOrEqual(400);
            expect(a.maxY).toBeLessThanOrEqual(300);
            for (const b of blocked) expect(overlaps(a, b)).toBe(false);
            for (let j = i + 1; j < placed.length; j++) expect(overlaps(a, placed[j].box)).toBe(false);
          }
        },
      ),
    );
  });

  it('shrinks a label to its room, moves it out with a leader when even the smallest size does not fit', () => {
    const placer = new LabelPlacer({ x: 0, y: 0, width: 400, height: 300 });
    const lines = [{ text: 'A12', bold: true }];
    const roomy = placer.place({ x: 100, y: 100, lines, size: 14, minSize: 7, room: 50 })!;
    expect(roomy).toMatchObject({ x: 100, y: 100, size: 14, leader: null });
    const snug = placer.place({ x: 300, y: 100, lines, size: 14, minSize: 7, room: 12 })!;
    expect(snug.size).toBeLessThan(14);
    expect(snug.size).toBeGreaterThanOrEqual(7);
    expect(snug.leader).toBeNull();
    // Too small a room for 7 px: without a leader it is left out; with one, it is moved out.
    expect(placer.place({ x: 200, y: 200, lines, size: 14, minSize: 7, room: 2 })).toBeNull();
    const moved = placer.place({ x: 200, y: 200, lines, size: 14, minSize: 7, room: 2, leader: 60 })!;
    expect(moved.size).toBe(7);
    expect(moved.leader![0]).toEqual([200, 200]);
    const [ex, ey] = moved.leader![1];
    // The leader ends on the label's box.
    expect(ex >= moved.box.minX - 1e-9 && ex <= moved.box.maxX + 1e-9).toBe(true);
    expect(ey >= moved.box.minY - 1e-9 && ey <= moved.box.maxY + 1e-9).toBe(true);
    expect(Math.hypot(moved.x - 200, moved.y - 200)).toBeLessThanOrEqual(
      60 + moved.box.maxX - moved.box.minX,
    );
  });

  it('measures text with the advance widths of WenQuanYi Micro Hei: CJK one em, digits 0.551', () => {
    expect(textWidth('网格')).toBe(2);
    expect(textWidth('12')).toBeCloseTo(1.102, 6);
    const one = labelExtent([{ text: '网格' }], 10);
    const two = labelExtent([{ text: '网格' }, { text: '312户', scale: 0.85 }], 10);
    expect(two.height).toBeGreaterThan(one.height);
    expect(one.width).toBeGreaterThan(20); // two ems at 10 px, and the safety margin
  });
});
