import { ConfigError } from './config-error.js';
import type { LoadedTopology, OrgConfig, Topology } from './topology.js';
import { TopologyIndex } from './topology-index.js';

/** What a reload changed, by org id (file order). `changed`: any field, the resolved secret included. */
export interface TopologyChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export type ReloadResult =
  | { outcome: 'applied'; changes: TopologyChanges; warnings: string[] }
  | { outcome: 'refused'; error: Error };

export type TopologyListener = (changes: TopologyChanges, topology: Topology) => void | Promise<void>;

export interface ReloadLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Compares two topologies org by org (pure). */
export function diffTopology(before: Topology, after: Topology): TopologyChanges {
  const old = new Map(before.orgs.map((org) => [org.id, org]));
  const next = new Set(after.orgs.map((org) => org.id));
  const changes: TopologyChanges = { added: [], removed: [], changed: [] };
  for (const org of after.orgs) {
    const was = old.get(org.id);
    if (was === undefined) changes.added.push(org.id);
    else if (!sameOrg(was, org)) changes.changed.push(org.id);
  }
  for (const org of before.orgs) if (!next.has(org.id)) changes.removed.push(org.id);
  return changes;
}

function sameOrg(a: OrgConfig, b: OrgConfig): boolean {
  // JSON.stringify hides the secret (toJSON): compare it on its own.
  const plain = (org: OrgConfig) => JSON.stringify({ ...org, clientSecret: undefined });
  return a.clientSecret === b.clientSecret && plain(a) === plain(b);
}

/**
 * The current topology of a process and how it changes while running (docs/decisions/026): `reload` loads the
 * file again; a valid one replaces the index every component holds and is announced to the listeners, an
 * invalid one is refused and the old topology stays.
 */
export class TopologyHolder {
  readonly index: TopologyIndex;
  private readonly listeners: TopologyListener[] = [];

  constructor(
    private readonly load: () => LoadedTopology,
    initial: LoadedTopology = load(),
  ) {
    this.index = new TopologyIndex(initial.topology);
  }

  get topology(): Topology {
    return this.index.topology;
  }

  onChange(listener: TopologyListener): void {
    this.listeners.push(listener);
  }

  async reload(): Promise<ReloadResult> {
    let loaded: LoadedTopology;
    try {
      loaded = this.load();
    } catch (error) {
      if (error instanceof ConfigError) return { outcome: 'refused', error };
      return { outcome: 'refused', error: error instanceof Error ? error : new Error(String(error)) };
    }
    const changes = diffTopology(this.index.topology, loaded.topology);
    this.index.replace(loaded.topology);
    for (const listener of this.listeners) await listener(changes, loaded.topology);
    return { outcome: 'applied', changes, warnings: loaded.warnings };
  }

  /**
   * Reloads on every SIGHUP (one at a time; a signal during a reload runs one more after it), logging the
   * outcome and counting it. Returns the function that stops listening.
   */
  reloadOnSighup(options: {
    logger: ReloadLogger;
    count?: (outcome: 'applied' | 'refused') => void;
  }): () => void {
    let running: Promise<void> | undefined;
    let again = false;
    const run = async (): Promise<void> => {
      do {
        again = false;
        const result = await this.reload().catch(
          (error: unknown): ReloadResult => ({
            outcome: 'refused',
            error: error instanceof Error ? error : new Error(String(error)),
          }),
        );
        options.count?.(result.outcome);
        if (result.outcome === 'applied') {
          for (const warning of result.warnings) options.logger.warn({}, warning);
          options.logger.info({ ...result.changes }, 'topology reloaded');
        } else {
          const issues = result.error instanceof ConfigError ? result.error.issues : undefined;
          options.logger.error(
            { err: result.error, issues },
            'topology reload refused: the file is invalid, keeping the current topology',
          );
        }
      } while (again);
    };
    const handler = () => {
      if (running !== undefined) {
        again = true;
        return;
      }
      running = run().finally(() => {
        running = undefined;
      });
    };
    process.on('SIGHUP', handler);
    return () => process.off('SIGHUP', handler);
  }
}
