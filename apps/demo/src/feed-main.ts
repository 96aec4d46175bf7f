import type { WfmEvent } from '@wfm-sync/domain';
import { generateAgentStorm, WebhookSender } from '@wfm-sync/local-stack';
import { parseFixture } from '@wfm-sync/local-stack/gc-sim';
import { z } from 'zod';

/**
 * The demo feed of docker-compose.yml (`demo` profile): plays peak-hour storms of signed webhooks against ingest,
 * for the agents of the simulator it fetches from gc-sim, then exits (or goes on with FEED_ROUNDS=0).
 */
const count = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const feedEnvSchema = z.object({
  INGEST_URL: z.url().default('http://127.0.0.1:8080'),
  GC_SIM_URL: z.url().default('http://127.0.0.1:9300'),
  WEBHOOK_SECRET: z
    .string()
    .startsWith('whsec_', 'must be a whsec_<base64> secret (one of ingest WEBHOOK_SECRETS)'),
  FEED_AGENTS: count(500),
  FEED_EVENTS_PER_AGENT: count(20),
  /** Events per second. */
  FEED_RATE: count(200),
  FEED_SEED: count(42, 0),
  /** Storms played one after another; 0 plays forever. */
  FEED_ROUNDS: count(1, 0),
  FEED_PAUSE_S: count(60, 0),
});
const ingestAnswerSchema = z
  .object({ accepted: z.number(), duplicates: z.number(), stale: z.number() })
  .partial();
type FeedEnv = z.infer<typeof feedEnvSchema>;

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function loadEnv(): FeedEnv {
  const parsed = feedEnvSchema.safeParse(process.env);
  if (parsed.success) return parsed.data;
  // Issues name the variable, never its value: WEBHOOK_SECRET is a secret.
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  process.stderr.write(`feed: invalid environment: ${problems}\n`);
  process.exit(78);
}

async function fetchFixture(gcSimUrl: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(new URL('/__sim/fixture', gcSimUrl));
      if (response.ok) return parseFixture(await response.json(), `${gcSimUrl}/__sim/fixture`);
      throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      if (attempt >= 60) throw error;
      await sleep(1_000);
    }
  }
}

/**
 * Sequences start from the wall clock, so a restarted feed (or the next round) is newer than anything it sent
 * before instead of being dropped as stale.
 */
function shiftSequences(events: readonly WfmEvent[], base: number, round: string): WfmEvent[] {
  return events.map((event) => ({ ...event, id: `${event.id}_${round}`, sequence: base + event.sequence }));
}

async function main(): Promise<void> {
  const env = loadEnv();
  const fixture = await fetchFixture(env.GC_SIM_URL);
  const sender = new WebhookSender(
    new URL('/v1/webhooks/wfm', env.INGEST_URL).toString(),
    env.WEBHOOK_SECRET,
  );
  const agents = Math.min(
    env.FEED_AGENTS,
    fixture.orgs.reduce((n, org) => n + org.agents.length, 0),
  );
  for (let round = 0; env.FEED_ROUNDS === 0 || round < env.FEED_ROUNDS; round++) {
    const storm = generateAgentStorm(fixture, {
      seed: env.FEED_SEED + round,
      agents,
      eventsPerAgent: env.FEED_EVENTS_PER_AGENT,
      duplicateRate: 0.1,
      outOfOrderRate: 0.05,
    });
    const base = Date.now() * 1_000;
    const deliveries = shiftSequences(storm.deliveries, base, base.toString(36));
    const totals = { accepted: 0, duplicates: 0, stale: 0, rejected: 0 };
    const started = Date.now();
    for (let i = 0; i < deliveries.length; i += 50) {
      const result = await sender.send(deliveries.slice(i, i + 50));
      const body = ingestAnswerSchema.safeParse(result.body);
      if (result.status !== 202 || !body.success) totals.rejected += Math.min(50, deliveries.length - i);
      else {
        totals.accepted += body.data.accepted ?? 0;
        totals.duplicates += body.data.duplicates ?? 0;
        totals.stale += body.data.stale ?? 0;
      }
      const due = started + ((i + 50) / env.FEED_RATE) * 1_000;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    say(
      `feed: round ${round + 1}: ${deliveries.length} events to ${agents} agents in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(accepted ${totals.accepted}, duplicate ${totals.duplicates}, stale ${totals.stale}, rejected ${totals.rejected})`,
    );
    if (env.FEED_ROUNDS === 0 || round + 1 < env.FEED_ROUNDS) await sleep(env.FEED_PAUSE_S * 1_000);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `feed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
