import fc from 'fast-check';

/**
 * Property tests draw from one seed, so every run (CI included) checks the same cases and a failure
 * reproduces. Set `FC_SEED` to another number to explore further.
 */
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261126) });
