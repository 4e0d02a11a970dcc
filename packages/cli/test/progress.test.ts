import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalProgress } from '../src/internal/progress';
import { cityPlan, tempDir, wangge, writeGeoJson } from './helpers';

const BIN = new URL('../bin/wangge.js', import.meta.url).pathname;

describe('the progress bar', () => {
  it('draws the fraction done, at most every 100 ms, always the last tick, and clears its line', () => {
    let text = '';
    const bar = terminalProgress({ write: (s: string) => (text += s), columns: 80 }, 'assign', 200);
    bar.tick(50);
    bar.tick(60); // within 100 ms of the last draw: skipped
    bar.tick(200); // the end is always drawn
    bar.end();
    const frames = text.split('\r').filter((f) => f !== '');
    expect(frames).toHaveLength(3);
    expect(frames[0]).toMatch(/^assign \[#{10}-{30}\] 25% 50\/200$/);
    expect(frames[1]).toMatch(/^assign \[#{40}\] 100% 200\/200$/);
    expect(frames[2]).toBe('\u001b[2K');
  });

  it('shows on stderr when it is a terminal and not at all when it is not', async () => {
    const dir = tempDir();
    const plan = cityPlan(2000);
    const input = writeGeoJson(dir, 'plan.geojson', plan);
    const csv = join(dir, 'points.csv');
    writeFileSync(
      csv,
      `lon,lat\n${plan
        .slice(8)
        .map((g) => (g.geometry.coordinates[0] as number[][])[0].join(','))
        .join('\n')}\n`,
    );
    // `script` runs the command on a pseudo-terminal, as a person at a terminal would.
    const tty = execFileSync(
      'script',
      ['-q', '-c', `${process.execPath} ${BIN} assign ${input} ${csv}`, '/dev/null'],
      {
        encoding: 'utf8',
      },
    );
    expect(tty).toMatch(/assign: assigning \[#+\] 100%/);
    const piped = await wangge(['assign', input, csv]);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).not.toContain('assigning [');
  });

  it('names the step of a long run on a terminal, with its clock, and clears it before the summary', () => {
    const dir = tempDir();
    const input = writeGeoJson(dir, 'plan.geojson', cityPlan(2000));
    // The step line appears once a run has lasted WANGGE_PROGRESS_AFTER_MS (2 s by default).
    const tty = execFileSync(
      'script',
      ['-q', '-c', `${process.execPath} ${BIN} check ${input}`, '/dev/null'],
      {
        encoding: 'utf8',
        env: { ...process.env, WANGGE_PROGRESS_AFTER_MS: '0' },
      },
    );
    expect(tty).toMatch(/wangge check: validating [\d,]+ grids … \d+ s/);
    // The last frame is cleared before the summary is printed.
    const afterLastFrame = tty.slice(tty.lastIndexOf('wangge check: validating'));
    expect(afterLastFrame).toContain('\r\u001b[2K');
    expect(tty.trimEnd().endsWith('PASS')).toBe(true);
  });
});
