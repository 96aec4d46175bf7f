import { describe, expect, it } from 'vitest';
import { apiBaseUrlFor, isRegion, loginBaseUrlFor, REGION_HOSTS, REGIONS } from './regions.js';

describe('regions', () => {
  it('lists the 18 regions of docs/genesys-api.md, each with a host', () => {
    expect(REGIONS).toHaveLength(18);
    expect(new Set(REGIONS).size).toBe(18);
    expect(Object.keys(REGION_HOSTS).sort()).toEqual([...REGIONS].sort());
  });

  it('builds api and login base URLs from the host table', () => {
    expect(apiBaseUrlFor('us-east-1')).toBe('https://api.mypurecloud.com');
    expect(loginBaseUrlFor('ap-southeast-1')).toBe('https://login.apse1.pure.cloud');
    expect(apiBaseUrlFor('eusc-de-east-1')).toBe('https://api.edee1.eusc-pure.cloud');
    expect(loginBaseUrlFor('us-east-2')).toBe('https://login.use2.us-gov-pure.cloud');
  });

  it('recognises regions and nothing else', () => {
    expect(isRegion('eu-west-2')).toBe(true);
    expect(isRegion('all')).toBe(false);
    expect(isRegion('toString')).toBe(false);
  });
});
