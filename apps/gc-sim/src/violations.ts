/** Ways a client can misuse the API that the simulator notices and counts. */
export const violationKinds = [
  'concurrentWrites',
  'requestsDuringRetryAfter',
  'unhealthyTrunkWrites',
  'adminEditsOverwritten',
  'duplicateTimeOffCreates',
  'concurrentScheduleUpdates',
] as const;

export type ViolationKind = (typeof violationKinds)[number];
export type ViolationCounters = Record<ViolationKind, number>;

export interface ViolationEntry {
  at: number;
  kind: ViolationKind;
  orgId: string;
  /** The resource concerned, e.g. `campaign:acme-apac:camp-apac-1-1`. */
  resource: string;
  detail: string;
}

export interface ViolationReport extends ViolationCounters {
  /** The most recent violations, oldest first. */
  violationLog: ViolationEntry[];
}

export interface ViolationRecorder {
  record(entry: Omit<ViolationEntry, 'at'>): void;
  report(): ViolationReport;
  reset(): void;
  /** Called for every violation (metrics, logs). */
  onViolation(listener: (entry: ViolationEntry) => void): void;
}

function zeroCounters(): ViolationCounters {
  return Object.fromEntries(violationKinds.map((kind) => [kind, 0])) as ViolationCounters;
}

export function createViolationRecorder(now: () => number, logCap = 1_000): ViolationRecorder {
  let counters = zeroCounters();
  let log: ViolationEntry[] = [];
  const listeners: Array<(entry: ViolationEntry) => void> = [];
  return {
    record(partial) {
      const entry: ViolationEntry = { at: now(), ...partial };
      counters[entry.kind] += 1;
      log.push(entry);
      if (log.length > logCap) log = log.slice(log.length - logCap);
      for (const listener of listeners) listener(entry);
    },
    report: () => ({ ...counters, violationLog: [...log] }),
    reset() {
      counters = zeroCounters();
      log = [];
    },
    onViolation(listener) {
      listeners.push(listener);
    },
  };
}
