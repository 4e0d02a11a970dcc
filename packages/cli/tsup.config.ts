import { defineConfig } from 'tsup';

/** The library (ESM + CJS + .d.ts from src/index.ts) and the `wangge` bin (ESM, dist/bin.js). */
export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
  },
  {
    entry: ['src/bin.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
  },
]);
