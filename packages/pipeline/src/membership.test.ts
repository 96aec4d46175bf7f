import { describe, expect, it } from 'vitest';
import { membershipChanges } from './membership.js';

describe('membershipChanges', () => {
  it('names what is new and what is gone, leaves what stays, and ignores duplicates', () => {
    expect(membershipChanges(['a', 'b', 'c'], ['c', 'd', 'a', 'd'])).toEqual({
      added: ['d'],
      removed: ['b'],
    });
  });

  it('starts everything from nothing and stops everything for nothing', () => {
    expect(membershipChanges([], ['a', 'b'])).toEqual({ added: ['a', 'b'], removed: [] });
    expect(membershipChanges(new Set(['a', 'b']), [])).toEqual({ added: [], removed: ['a', 'b'] });
    expect(membershipChanges(['a'], ['a'])).toEqual({ added: [], removed: [] });
  });
});
