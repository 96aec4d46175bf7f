import { GenesysApiError } from '@wfm-sync/genesys-client';
import { describe, expect, it } from 'vitest';
import { classifyFailure, PermanentFailureError, TimeOffOverlapPendingError } from '../src/index.js';

describe('failure policy: the pipeline errors it acts on', () => {
  const conflict = new GenesysApiError(
    {
      kind: 'conflict',
      status: 409,
      code: 'duplicate',
      genesysMessage: undefined,
      correlationId: 'c-1',
      method: 'POST',
      route: 'r',
    },
    'taken',
  );

  it('a time-off overlap that may clear is a conflict, retried, carrying the 409 behind it', () => {
    expect(classifyFailure(new TimeOffOverlapPendingError('overlaps zd-2', conflict))).toEqual({
      kind: 'conflict',
      message: 'overlaps zd-2',
      status: 409,
      code: 'duplicate',
      correlationId: 'c-1',
    });
    expect(classifyFailure(new TimeOffOverlapPendingError('no longer shows')).kind).toBe('conflict');
  });

  it('a permanent failure is dead-lettered with its own reason', () => {
    expect(classifyFailure(new PermanentFailureError('timeoff-moved', 'cannot move'))).toMatchObject({
      kind: 'invalid',
      deadLetterReason: 'timeoff-moved',
    });
  });
});
