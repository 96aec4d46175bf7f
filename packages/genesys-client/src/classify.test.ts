import { describe, expect, it } from 'vitest';
import { type ClassifyInput, classifyGenesysError } from './classify.js';
import { GENESYS_ERROR_KINDS, type GenesysErrorKind } from './errors/genesys-error-kind.js';

const VERSION_MESSAGE =
  'The version number of the modified resource must match the version number in the database.';

const cases: Array<[string, ClassifyInput, GenesysErrorKind]> = [
  [
    '409 with the version-number message',
    { status: 409, code: 'conflict', message: VERSION_MESSAGE },
    'version-conflict',
  ],
  [
    '409 "does not match the current version"',
    { status: 409, message: 'Version 3 does not match the current version 4' },
    'version-conflict',
  ],
  [
    '400 "does not match the current version"',
    { status: 400, code: 'bad.request', message: 'Version does not match the current version' },
    'version-conflict',
  ],
  [
    '409 whose code says duplicate',
    { status: 409, code: 'duplicate.timeoff', message: 'Overlapping request' },
    'duplicate',
  ],
  [
    '409 whose message says duplicate',
    { status: 409, code: 'conflict', message: 'Duplicate time off request' },
    'duplicate',
  ],
  [
    '409 without version or duplicate wording',
    { status: 409, code: 'conflict', message: 'Routing policy is being modified' },
    'conflict',
  ],
  ['409 with no body', { status: 409 }, 'conflict'],
  ['429', { status: 429, code: 'too.many.requests' }, 'rate-limited'],
  [
    'token endpoint 400 rate limit exceeded',
    { status: 400, code: 'invalid_request', message: 'rate limit exceeded; try later' },
    'rate-limited',
  ],
  [
    'token endpoint 400 invalid_client',
    { status: 400, code: 'invalid_client', message: 'bad secret' },
    'unauthorized',
  ],
  ['token endpoint 401 invalid_client', { status: 401, code: 'invalid_client' }, 'unauthorized'],
  [
    '401 bad.credentials',
    { status: 401, code: 'bad.credentials', message: 'Invalid login credentials.' },
    'unauthorized',
  ],
  ['403', { status: 403, code: 'missing.permissions' }, 'unauthorized'],
  ['404', { status: 404, code: 'not.found' }, 'not-found'],
  ['400 other', { status: 400, code: 'bad.request', message: 'maximumCapacity must be <= 25' }, 'invalid'],
  ['422', { status: 422 }, 'invalid'],
  ['413', { status: 413 }, 'invalid'],
  ['a 3xx we never follow', { status: 302 }, 'invalid'],
  ['500', { status: 500, message: 'version number' }, 'transient'],
  ['501', { status: 501 }, 'transient'],
  ['502', { status: 502 }, 'transient'],
  ['503', { status: 503 }, 'transient'],
  ['504', { status: 504 }, 'transient'],
  ['timeout', { timeout: true }, 'transient'],
  ['ECONNRESET', { networkError: 'ECONNRESET' }, 'transient'],
  ['ECONNREFUSED', { networkError: 'ECONNREFUSED' }, 'transient'],
  ['socket hang up', { networkError: 'socket hang up' }, 'transient'],
  ['status 0 (no response)', { status: 0 }, 'transient'],
];

describe('classifyGenesysError', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(classifyGenesysError(input)).toBe(expected);
  });

  it('classifies by status before message', () => {
    // "duplicate" and "version" words do not turn a 404 or a 503 into a conflict.
    expect(classifyGenesysError({ status: 404, message: 'duplicate version number' })).toBe('not-found');
    expect(classifyGenesysError({ status: 503, code: 'duplicate' })).toBe('transient');
    expect(classifyGenesysError({ status: 400, message: 'version number too high' })).toBe('invalid');
  });

  it('covers every kind', () => {
    const produced = new Set(cases.map(([, input]) => classifyGenesysError(input)));
    expect([...produced].sort()).toEqual([...GENESYS_ERROR_KINDS].sort());
  });
});
