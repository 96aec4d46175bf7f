export const TRUNK_HEALTHS = ['healthy', 'degraded', 'offline'] as const;
export type TrunkHealth = (typeof TRUNK_HEALTHS)[number];

/** The fields of a Genesys `Trunk` that health is derived from (the real API has no health field). */
export interface TrunkHealthFields {
  state?: string;
  inService?: boolean;
  enabled?: boolean;
  connectedStatus?: { connected?: boolean };
  registersStatus?: { registerState?: boolean }[];
  optionsStatus?: { optionState?: boolean }[];
}

/**
 * docs/genesys-api.md, "BYOC Cloud trunks": offline when the trunk is not active, not in service, disabled
 * or disconnected; degraded when any SIP REGISTER or OPTIONS check fails; healthy otherwise.
 */
export function deriveTrunkHealth(trunk: TrunkHealthFields): TrunkHealth {
  if (
    trunk.state !== 'active' ||
    trunk.inService === false ||
    trunk.enabled === false ||
    trunk.connectedStatus?.connected === false
  ) {
    return 'offline';
  }
  const registerFailing = (trunk.registersStatus ?? []).some((s) => s.registerState === false);
  const optionsFailing = (trunk.optionsStatus ?? []).some((s) => s.optionState === false);
  return registerFailing || optionsFailing ? 'degraded' : 'healthy';
}
