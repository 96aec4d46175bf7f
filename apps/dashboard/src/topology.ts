import { type LoadedTopology, loadTopologyFile } from '@wfm-sync/config';

/**
 * The topology file, validated as every process validates it, without reading any client secret (`env:NAME` or
 * `file:PATH`): the dashboard never calls Genesys, so it neither needs nor holds the orgs' client secrets (and a
 * dashboard deployment need not be given them: in Kubernetes the secret files are mounted into workers only).
 */
export function loadTopologyWithoutSecrets(path: string): LoadedTopology {
  return loadTopologyFile(path, process.env, { resolveSecrets: false });
}
