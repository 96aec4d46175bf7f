/** The simulator, for the tools that start it (demo, bench): they reach it through the local stack. */
export * from '@wfm-sync/gc-sim';
