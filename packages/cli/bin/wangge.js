#!/usr/bin/env node
// The workspace bin: runs the TypeScript sources through tsx, no build needed.
// The published package's bin (publishConfig.bin) points at dist/bin.js instead.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
