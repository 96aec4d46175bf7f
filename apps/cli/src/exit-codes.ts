import { EXIT_CONFIG } from '@wfm-sync/config';

/** Exit codes scripts can rely on (terraform's `-detailed-exitcode` for `plan`). */
export const EXIT = {
  ok: 0,
  /** Something failed: Redis unreachable, a Genesys read failed, a key not found. */
  error: 1,
  /** The command line is wrong (unknown option, bad kind, unknown org). */
  usage: 2,
  /** `plan`: the plan would write to Genesys. */
  changes: 2,
  /** The environment or the topology file is invalid, as the processes exit (sysexits EX_CONFIG). */
  config: EXIT_CONFIG,
} as const;
