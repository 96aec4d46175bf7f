import { createPrng } from '@wfm-sync/gc-sim';

/** A seeded uniform random source in [0, 1) (the simulator's PRNG), so a storm is the same storm for a seed. */
export function seededRandom(seed: number): () => number {
  const prng = createPrng(seed);
  return () => prng.next();
}
