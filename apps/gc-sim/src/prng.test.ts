import { describe, expect, it } from 'vitest';
import { createPrng } from './prng.js';

describe('createPrng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draws = (seed: number) => Array.from({ length: 5 }, createPrng(seed).next);
    expect(draws(42)).toEqual(draws(42));
    expect(draws(42)).not.toEqual(draws(43));
  });

  it('draws uniformly enough in [0, 1) and honours chance()', () => {
    const prng = createPrng(1);
    const values = Array.from({ length: 20_000 }, prng.next);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    const hits = Array.from({ length: 20_000 }, () => prng.chance(0.25)).filter(Boolean).length;
    expect(hits / 20_000).toBeGreaterThan(0.23);
    expect(hits / 20_000).toBeLessThan(0.27);
    expect(prng.chance(0)).toBe(false);
  });

  it('forks independent streams that do not shift each other', () => {
    const a = createPrng(9);
    const b = createPrng(9);
    b.fork('other').next();
    expect(a.fork('faults').next()).toBe(b.fork('faults').next());
    expect(createPrng(9).fork('x').next()).not.toBe(createPrng(9).fork('y').next());
  });

  it('makes uuid-shaped ids and integers in range', () => {
    const prng = createPrng(3);
    expect(prng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ints = new Set(Array.from({ length: 500 }, () => prng.int(2, 4)));
    expect(ints).toEqual(new Set([2, 3, 4]));
    expect(() => prng.pick([])).toThrow();
  });
});
