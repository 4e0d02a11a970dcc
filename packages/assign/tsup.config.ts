import { defineConfig } from 'tsup';

/**
 * The root build (ESM + CJS + .d.ts from `src/index.ts`), plus the worker thread's own entry
 * (`dist/locateWorker.js` / `.cjs`, beside `dist/index.js`, where `internal/threads.ts` looks for it).
 */
export default defineConfig({
  entry: { index: 'src/index.ts', locateWorker: 'src/internal/locateWorker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
  shims: true,
});
