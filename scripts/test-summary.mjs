// Prints vitest's JSON result as one plain closing line, `tests: N passed, N failed, N skipped`,
// so CI can tell a run that tested nothing from one that passed. Exits non-zero on any failure.
import { readFileSync } from 'node:fs';

const result = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const skipped = result.numPendingTests + result.numTodoTests;
console.log(`tests: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${skipped} skipped`);
process.exit(result.numFailedTests > 0 || result.numTotalTests === 0 ? 1 : 0);
