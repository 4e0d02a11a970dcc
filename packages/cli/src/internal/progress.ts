/** A progress bar: `tick` reports work done so far, `end` clears the bar. */
export interface Progress {
  tick(done: number): void;
  end(): void;
}

/** A progress bar that draws nothing, for when stderr is not a terminal. */
export const silentProgress: Progress = Object.freeze({ tick() {}, end() {} });

/** A progress bar on a terminal stream, redrawn at most ten times a second. */
export function terminalProgress(
  stream: { write(text: string): unknown; columns?: number },
  label: string,
  total: number,
): Progress {
  let last = 0;
  const draw = (done: number) => {
    const width = Math.max(10, Math.min(40, (stream.columns || 80) - label.length - 20));
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * width);
    stream.write(
      `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${done}/${total}`,
    );
  };
  return {
    tick(done) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done);
    },
    end() {
      stream.write('\r\u001b[2K');
    },
  };
}
