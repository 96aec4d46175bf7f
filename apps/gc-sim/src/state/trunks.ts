import type { FixtureTrunk } from '../fixture/schema.js';

export const trunkHealths = ['healthy', 'degraded', 'offline'] as const;
export type TrunkHealth = (typeof trunkHealths)[number];

/** How an offline trunk shows it: each is one clause of the spec's "offline" derivation. */
export const offlineVariants = ['disconnected', 'outOfService', 'disabled', 'inactive'] as const;
export type OfflineVariant = (typeof offlineVariants)[number];
/** How a degraded trunk shows it: SIP REGISTER or SIP OPTIONS failing. */
export const degradedVariants = ['register', 'options'] as const;
export type DegradedVariant = (typeof degradedVariants)[number];
export type HealthVariant = OfflineVariant | DegradedVariant;

export interface TrunkState {
  readonly fixture: FixtureTrunk;
  readonly index: number;
  health: TrunkHealth;
  variant: HealthVariant | undefined;
  /** When the current health began (epoch ms). */
  since: number;
  /** When the trunk last stopped being healthy; undefined while healthy. */
  unhealthySince: number | undefined;
}

const CREATED = '2026-01-05T08:00:00.000Z';

export class TrunkStore {
  private readonly trunks = new Map<string, TrunkState>();

  constructor(
    private readonly orgId: string,
    trunks: readonly FixtureTrunk[],
    startedAt: number,
  ) {
    trunks.forEach((fixture, index) => {
      this.trunks.set(fixture.id, {
        fixture,
        index,
        health: 'healthy',
        variant: undefined,
        since: startedAt,
        unhealthySince: undefined,
      });
    });
  }

  get(id: string): TrunkState | undefined {
    return this.trunks.get(id);
  }

  /** Every trunk, sorted by name as the real listing sorts by default. */
  list(): TrunkState[] {
    return [...this.trunks.values()].sort((a, b) => a.fixture.name.localeCompare(b.fixture.name));
  }

  setHealth(id: string, health: TrunkHealth, now: number, variant?: HealthVariant): TrunkState | undefined {
    const trunk = this.trunks.get(id);
    if (!trunk) return undefined;
    const resolvedVariant = health === 'healthy' ? undefined : (variant ?? defaultVariant(health));
    if (trunk.health !== health || trunk.variant !== resolvedVariant) trunk.since = now;
    if (health === 'healthy') trunk.unhealthySince = undefined;
    else trunk.unhealthySince ??= now;
    trunk.health = health;
    trunk.variant = resolvedVariant;
    return trunk;
  }

  /** The SDK model `Trunk` of a BYOC Cloud trunk; health is expressed only through the real status fields. */
  toModel(trunk: TrunkState): Record<string, unknown> {
    const { fixture, health, variant } = trunk;
    const since = new Date(trunk.since).toISOString();
    const offline = health === 'offline';
    const registerFails = offline || (health === 'degraded' && variant === 'register');
    const optionsFail = offline || (health === 'degraded' && variant === 'options');
    const proxies = [
      `198.51.100.${10 + (trunk.index % 200)}:5061`,
      `198.51.100.${10 + ((trunk.index + 1) % 200)}:5061`,
    ];
    return {
      id: fixture.id,
      name: fixture.name,
      division: {
        id: `div-${this.orgId}`,
        name: 'Home',
        selfUri: `/api/v2/authorization/divisions/div-${this.orgId}`,
      },
      description: `BYOC Cloud trunk ${fixture.name}`,
      version: 1,
      dateCreated: CREATED,
      dateModified: CREATED,
      state: offline && variant === 'inactive' ? 'inactive' : 'active',
      trunkType: 'EXTERNAL',
      trunkBase: {
        id: `tb-${fixture.id}`,
        name: fixture.name,
        selfUri: `/api/v2/telephony/providers/edges/trunkbasesettings/tb-${fixture.id}`,
      },
      trunkMetabase: { id: 'external_sip_pcv_byoc_carrier.json', name: 'Generic BYOC Carrier' },
      inService: !(offline && variant === 'outOfService'),
      enabled: !(offline && variant === 'disabled'),
      connectedStatus: { connected: !(offline && variant === 'disconnected'), connectedStateTime: since },
      optionsStatus: proxies.map((proxyAddress, i) => {
        const failing = optionsFail && i === 0;
        return {
          proxyAddress,
          optionState: !failing,
          optionStateTime: since,
          ...(failing ? { errorInfo: { text: 'Request Timeout', code: '408' } } : {}),
        };
      }),
      registersStatus: proxies.map((proxyAddress, i) => {
        const failing = registerFails && i === 0;
        return {
          proxyAddress,
          registerState: !failing,
          registerStateTime: since,
          ...(failing ? { errorInfo: { text: 'SIP registration timeout', code: '408' } } : {}),
        };
      }),
      optionsEnabledStatus: 'ENABLED',
      registersEnabledStatus: 'ENABLED',
      family: 4,
      proxyAddressList: proxies,
      selfUri: `/api/v2/telephony/providers/edges/trunks/${fixture.id}`,
    };
  }
}

function defaultVariant(health: Exclude<TrunkHealth, 'healthy'>): HealthVariant {
  return health === 'offline' ? 'disconnected' : 'register';
}
