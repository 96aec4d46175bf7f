import type { WfmEvent } from '@wfm-sync/domain';

/** How a storm's deliveries stray from the order the WFM system produced them in. */
export interface Disorder {
  /** Share of events delivered twice (same event id: the pipeline must count it a duplicate). */
  duplicateRate: number;
  /** Share of events swapped with a neighbour of the same key (late arrival). */
  outOfOrderRate: number;
}

export interface DisorderedDeliveries {
  /** Deliveries in sending order (duplicates included). */
  deliveries: WfmEvent[];
  /** The highest-sequence event of every key (taken before any swap): what Genesys must end with. */
  finals: WfmEvent[];
}

/**
 * Sends the events of every key round by round, interleaved across keys, swapping neighbours of one key and
 * redelivering events at the given rates. Draws from `random` in a fixed order, so a seed gives the same storm.
 */
export function disorder(perKey: WfmEvent[][], random: () => number, rates: Disorder): DisorderedDeliveries {
  const finals: WfmEvent[] = [];
  for (const events of perKey) {
    finals.push(events[events.length - 1]!);
    for (let i = 0; i + 1 < events.length; i++) {
      if (random() < rates.outOfOrderRate) [events[i], events[i + 1]] = [events[i + 1]!, events[i]!];
    }
  }
  const rounds = Math.max(0, ...perKey.map((events) => events.length));
  const deliveries: WfmEvent[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const events of perKey) {
      const event = events[round];
      if (event === undefined) continue;
      deliveries.push(event);
      if (random() < rates.duplicateRate) deliveries.push(event);
    }
  }
  return { deliveries, finals };
}
