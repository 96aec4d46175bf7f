import { timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ConstantTimeEqual, CredentialCheck, parseBasicAuthorization } from './credentials.js';

const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('parseBasicAuthorization', () => {
  it('reads user and password; the password may contain colons and any character', () => {
    expect(parseBasicAuthorization(basic('operator:pa:ss wörd'))).toEqual({
      user: 'operator',
      password: 'pa:ss wörd',
    });
    expect(parseBasicAuthorization(`basic  ${Buffer.from('a:b').toString('base64')}`)).toEqual({
      user: 'a',
      password: 'b',
    });
  });

  it.each([
    ['absent', undefined],
    ['another scheme', 'Bearer abc'],
    ['no colon', basic('operator')],
    ['not base64', 'Basic %%%'],
    ['empty', 'Basic '],
  ])('gives nothing for %s', (_case, header) => {
    expect(parseBasicAuthorization(header)).toBeUndefined();
  });
});

describe('CredentialCheck', () => {
  const expected = { user: 'operator', password: 'correct-horse-battery' };

  it('accepts exactly the configured user and password', () => {
    const check = new CredentialCheck(expected);
    expect(check.matches(expected)).toBe(true);
    expect(check.matches({ user: 'operator', password: 'correct-horse-batter' })).toBe(false);
    expect(check.matches({ user: 'Operator', password: 'correct-horse-battery' })).toBe(false);
    expect(check.matches({ user: '', password: '' })).toBe(false);
  });

  it('compares user and password through timingSafeEqual, on equal-length digests, whatever was presented', () => {
    const calls: [number, number][] = [];
    const recording: ConstantTimeEqual = (a, b) => {
      calls.push([a.byteLength, b.byteLength]);
      return timingSafeEqual(a, b);
    };
    const check = new CredentialCheck(expected, recording);
    check.matches({ user: 'x', password: 'y' });
    check.matches({ user: 'operator', password: 'a'.repeat(5_000) });
    check.matches(expected);
    // Two comparisons per attempt (no short-circuit on a wrong user), always 32 bytes against 32 bytes.
    expect(calls).toEqual(Array.from({ length: 6 }, () => [32, 32]));
  });
});
