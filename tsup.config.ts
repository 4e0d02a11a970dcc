import { defineConfig } from 'tsup';

/** One build for every library package: ESM + CJS + .d.ts from `src/index.ts`, run inside the package. */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
