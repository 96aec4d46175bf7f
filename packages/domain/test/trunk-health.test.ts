import { describe, expect, it } from 'vitest';
import { deriveTrunkHealth, type TrunkHealthFields } from '../src/index.js';

const healthy: TrunkHealthFields = {
  state: 'active',
  inService: true,
  enabled: true,
  connectedStatus: { connected: true },
  registersStatus: [{ registerState: true }, { registerState: true }],
  optionsStatus: [{ optionState: true }],
};

describe('deriveTrunkHealth', () => {
  it('is healthy when everything is up', () => expect(deriveTrunkHealth(healthy)).toBe('healthy'));
  it.each([
    ['inactive state', { state: 'inactive' }],
    ['deleted state', { state: 'deleted' }],
    ['out of service', { inService: false }],
    ['disabled', { enabled: false }],
    ['disconnected', { connectedStatus: { connected: false } }],
  ])('is offline when %s', (_label, patch) => {
    expect(deriveTrunkHealth({ ...healthy, ...patch })).toBe('offline');
  });
  it('is degraded when one SIP REGISTER fails', () => {
    expect(
      deriveTrunkHealth({ ...healthy, registersStatus: [{ registerState: true }, { registerState: false }] }),
    ).toBe('degraded');
  });
  it('is degraded when OPTIONS fails', () => {
    expect(deriveTrunkHealth({ ...healthy, optionsStatus: [{ optionState: false }] })).toBe('degraded');
  });
  it('prefers offline over degraded', () => {
    expect(
      deriveTrunkHealth({ ...healthy, enabled: false, registersStatus: [{ registerState: false }] }),
    ).toBe('offline');
  });
  it('treats a missing state as offline (not trusted)', () => {
    const { state: _state, ...rest } = healthy;
    expect(deriveTrunkHealth(rest)).toBe('offline');
  });
});
