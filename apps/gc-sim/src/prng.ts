/**
 * A seeded pseudo-random source. Every random decision of the simulator (faults, background
 * administrator, flapping, generated ids) comes from one of these, so a run is repeatable for a seed.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Standard normal deviate (Box–Muller). */
  normal(): number;
  /** A lowercase uuid-shaped hex string (version 4 layout). */
  uuid(): string;
  /** An independent stream derived from this seed and a label, so one consumer's draws never shift another's. */
  fork(label: string): Prng;
}

/** mulberry32: small, fast and good enough for simulation (not for secrets). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to turn a fork label into seed bits. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function createPrng(seed: number): Prng {
  const raw = mulberry32(seed);
  const prng: Prng = {
    next: raw,
    chance: (p) => p > 0 && raw() < p,
    int: (min, max) => min + Math.floor(raw() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[Math.floor(raw() * items.length)] as T;
    },
    normal: () => {
      // 1 - u keeps the logarithm finite.
      const u1 = 1 - raw();
      const u2 = raw();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    uuid: () => {
      let hex = '';
      for (let i = 0; i < 4; i++)
        hex += Math.floor(raw() * 0x100000000)
          .toString(16)
          .padStart(8, '0');
      const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    fork: (label) => createPrng((seed ^ hashLabel(label)) >>> 0),
  };
  return prng;
}
