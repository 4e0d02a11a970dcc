import { defineConfig } from 'tsup';

/** The shared build (ESM + CJS + .d.ts) with a second entry: the `@wangge/core/internal` subpath. */
export default defineConfig({
  entry: ['src/index.ts', 'src/internal.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
