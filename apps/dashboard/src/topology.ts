import { type LoadedTopology, loadTopologyFile } from '@wfm-sync/config';

const NOT_LOADED = 'not-loaded-by-the-dashboard';

/**
 * The topology file, validated as every process validates it, but with every `env:NAME` client secret read as a
 * placeholder: the dashboard never calls Genesys, so it neither needs nor holds the orgs' client secrets (and a
 * dashboard deployment need not be given them).
 */
export function loadTopologyWithoutSecrets(path: string): LoadedTopology {
  // loadTopologyFile reads the environment only to resolve `env:NAME` secrets.
  const placeholders = new Proxy<NodeJS.ProcessEnv>({}, { get: () => NOT_LOADED });
  return loadTopologyFile(path, placeholders);
}
