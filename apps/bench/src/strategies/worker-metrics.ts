/** `process_resident_memory_bytes` from a process's Prometheus text, or undefined when absent. */
export function residentMemoryOf(metricsText: string): number | undefined {
  for (const line of metricsText.split('\n')) {
    const match = /^process_resident_memory_bytes(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[1]);
    return Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}

/** Scrapes `${baseUrl}/metrics` for the process's resident memory (bytes). */
export async function scrapeResidentMemory(baseUrl: string): Promise<number | undefined> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) {
    await response.body?.cancel();
    return undefined;
  }
  return residentMemoryOf(await response.text());
}
