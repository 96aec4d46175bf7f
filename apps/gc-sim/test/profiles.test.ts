import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulator, generateFixture, parseFaultProfile } from '../src/index.js';

describe('the shipped fault profiles', () => {
  it('rehearsal.json is valid and its flapping trunks exist in the default generated fixture', () => {
    const profile = parseFaultProfile(
      JSON.parse(readFileSync(join(import.meta.dirname, '..', 'profiles', 'rehearsal.json'), 'utf8')),
    );
    const sim = createSimulator({
      fixture: generateFixture({ orgs: 2, trunks: 15, agents: 500 }),
      faults: profile,
    });
    try {
      expect(sim.admin.faults()).toEqual(profile);
    } finally {
      sim.close();
    }
  });
});
