import { describe, expect, it } from 'vitest';
import { isJsonContentType } from '../src/content-type.js';
import { escapedForLog, MAX_REQUEST_ID_LENGTH, requestIdOf } from '../src/request-id.js';

describe('request ids and content types (the fast paths give the answers of the full ones)', () => {
  it('keeps a safe id as it is, cuts a long one, and escapes anything else wherever it is', () => {
    expect(requestIdOf('msg_2Lx7:a/b+c=d~e.f-g')).toBe('msg_2Lx7:a/b+c=d~e.f-g');
    expect(requestIdOf('a'.repeat(300))).toBe('a'.repeat(MAX_REQUEST_ID_LENGTH));
    expect(requestIdOf('ok\n')).toBe('ok%0A');
    // An escape that does not fit is left out whole.
    expect(requestIdOf(`${'a'.repeat(MAX_REQUEST_ID_LENGTH - 1)}\n`)).toBe(
      'a'.repeat(MAX_REQUEST_ID_LENGTH - 1),
    );
    expect(escapedForLog('abcdef', 4)).toBe('abcd');
    expect(requestIdOf(['msg_first', 'msg_second'])).toBe('msg_first');
  });

  it('takes application/json with at most a utf-8 charset, in any spelling', () => {
    for (const ok of [
      'application/json',
      'Application/JSON',
      'application/json; charset=utf-8',
      'application/json;charset="UTF-8"',
    ])
      expect(isJsonContentType(ok)).toBe(true);
    for (const refused of [
      undefined,
      '',
      'application/json; charset=latin1',
      'text/plain',
      'application/jsonx',
    ])
      expect(isJsonContentType(refused)).toBe(false);
  });
});
