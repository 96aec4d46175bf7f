import { type LoadedTopology, loadTopologyFile } from '@wfm-sync/config';

/**
 * The topology file, validated as every process validates it, but without reading any `env:NAME` client secret:
 * the dashboard never calls Genesys, so it neither needs nor holds the orgs' client secrets (and a dashboard
 * deployment need not be given them).
 */
export function loadTopologyWithoutSecrets(path: string): LoadedTopology {
  return loadTopologyFile(path, process.env, { secrets: 'not-needed' });
}
