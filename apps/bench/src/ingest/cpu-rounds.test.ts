import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli.js';
import { medianOf, positiveFlag, ratioFlag, roundsAndCalls } from './cpu-rounds.js';

describe("the CPU-time tools' flags", () => {
  it('takes a positive number, or the default when the flag is absent', () => {
    expect(roundsAndCalls(['--rounds', '3'], { rounds: 5, calls: 100 })).toEqual({ rounds: 3, calls: 100 });
    expect(positiveFlag(['--rate', '2600'], '--rate', 1)).toBe(2_600);
    expect(positiveFlag([], '--rate', 1)).toBe(1);
  });

  it('refuses a value that is not a positive number, or no value at all, naming the flag', () => {
    for (const argv of [['--rate', 'fast'], ['--rate', '0'], ['--rate', '-3'], ['--rate', ''], ['--rate']]) {
      expect(() => positiveFlag(argv, '--rate', 1)).toThrow(UsageError);
      expect(() => positiveFlag(argv, '--rate', 1)).toThrow(/--rate takes a positive number/);
    }
  });

  it('takes a share from 0 to 1 for a ratio, refuses anything else, and is absent when the flag is', () => {
    expect(ratioFlag(['--tracing-ratio', '0'], '--tracing-ratio')).toBe(0);
    expect(ratioFlag(['--tracing-ratio', '1'], '--tracing-ratio')).toBe(1);
    expect(ratioFlag(['--tracing-ratio', '0.1'], '--tracing-ratio')).toBe(0.1);
    expect(ratioFlag([], '--tracing-ratio')).toBeUndefined();
    for (const argv of [
      ['--tracing-ratio', '1.5'],
      ['--tracing-ratio', '-0.1'],
      ['--tracing-ratio', 'x'],
      ['--tracing-ratio'],
    ])
      expect(() => ratioFlag(argv, '--tracing-ratio')).toThrow(/--tracing-ratio takes a number from 0 to 1/);
  });

  it('takes the lower median of the rounds', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2);
    expect(medianOf([])).toBeNaN();
  });
});
