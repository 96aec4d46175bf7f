/** What to start and what to stop to go from the members a component runs to those it should run. */
export interface MembershipChanges {
  /** In `wanted`, not in `current`, in `wanted`'s order. */
  added: string[];
  /** In `current`, not in `wanted`, in `current`'s order. */
  removed: string[];
}

/**
 * Compares what runs with what the topology now asks for (pure). A topology reload (decision 026) goes through
 * this for every per-org resource a process holds (channel owners, feed readers, bull-board queues), so each
 * starts only what is new and stops only what is gone, and members that stay are not disturbed.
 */
export function membershipChanges(current: Iterable<string>, wanted: Iterable<string>): MembershipChanges {
  const have = new Set(current);
  const want = new Set(wanted);
  return {
    added: [...want].filter((id) => !have.has(id)),
    removed: [...have].filter((id) => !want.has(id)),
  };
}
