import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type SimFixture,
  type SimTopology,
  type TopologyOptions,
  topologyFromFixture,
} from '@wfm-sync/gc-sim';

/** Writes the topology file that points a pipeline at a simulator serving `fixture`; returns it with its secrets. */
export function writeTopologyFile(
  fixture: SimFixture,
  dir: string,
  options: TopologyOptions,
): { topologyFile: string; topology: SimTopology; env: Record<string, string> } {
  const { topology, env } = topologyFromFixture(fixture, options);
  const topologyFile = join(dir, 'topology.json');
  writeFileSync(topologyFile, JSON.stringify(topology));
  return { topologyFile, topology, env };
}
