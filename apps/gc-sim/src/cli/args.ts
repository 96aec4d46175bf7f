import { parseArgs } from 'node:util';
import { z } from 'zod';

/** Bad flags or environment: main prints the message and the usage, and exits with status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: gc-sim [options]   (npm start -w apps/gc-sim -- [options])

Org layout (either a fixture file or a generated one):
  --fixture FILE            fixture JSON                              env GC_SIM_FIXTURE
  --orgs N                  generated orgs (default 2)                env GC_SIM_ORGS
  --trunks N                generated trunks in total                 env GC_SIM_TRUNKS
  --agents N                generated agents in total                 env GC_SIM_AGENTS
  --seed N                  seed of the fixture and every fault (42)  env GC_SIM_SEED
Behaviour:
  --faults FILE             fault profile JSON                        env GC_SIM_FAULTS
  --token-lifetime S        token lifetime in seconds (86399)         env GC_SIM_TOKEN_LIFETIME_S
  --rpm N                   requests per minute per token (300)       env GC_SIM_RPM
Outputs for a pipeline, demo or test:
  --write-topology FILE     topology JSON pointing at this simulator  env GC_SIM_WRITE_TOPOLOGY
  --write-env FILE          its client secrets as NAME=value lines    env GC_SIM_WRITE_ENV
                            (default: the topology path with .env)
  --secret-env-prefix P     secret variables are P_<ORG>_CLIENT_SECRET env GC_SIM_SECRET_ENV_PREFIX
  --write-fixture FILE      the fixture in use                        env GC_SIM_WRITE_FIXTURE
  --public-url URL          base URL written into the topology        env GC_SIM_PUBLIC_URL
                            (default http://127.0.0.1:PORT)
Server:
  --host H                  listen address (127.0.0.1)                env GC_SIM_HOST
  --port N                  listen port (9300; 0 = any free port)     env PORT
                            log level from LOG_LEVEL (info)
  --help`;

const count = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be an integer`)
    .min(0, `${name} must be ≥ 0`);

const cliSchema = z
  .object({
    fixture: z.string().min(1).optional(),
    orgs: count('--orgs').min(1, '--orgs must be at least 1').optional(),
    trunks: count('--trunks').optional(),
    agents: count('--agents').optional(),
    seed: count('--seed').default(42),
    faults: z.string().min(1).optional(),
    tokenLifetime: count('--token-lifetime').min(1, '--token-lifetime must be at least 1').optional(),
    rpm: count('--rpm').min(1, '--rpm must be at least 1').optional(),
    writeTopology: z.string().min(1).optional(),
    writeEnv: z.string().min(1).optional(),
    writeFixture: z.string().min(1).optional(),
    secretEnvPrefix: z.string().min(1).optional(),
    publicUrl: z.url('--public-url must be a URL').optional(),
    host: z.string().min(1).default('127.0.0.1'),
    port: count('--port').max(65535, '--port must be at most 65535').default(9300),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((value, ctx) => {
    const generated = value.orgs !== undefined || value.trunks !== undefined || value.agents !== undefined;
    if (value.fixture !== undefined && generated) {
      ctx.addIssue({
        code: 'custom',
        message: '--fixture cannot be combined with --orgs, --trunks or --agents',
      });
    }
  });

export type CliConfig = z.infer<typeof cliSchema>;

const FLAG_ENV: Record<string, string> = {
  fixture: 'GC_SIM_FIXTURE',
  orgs: 'GC_SIM_ORGS',
  trunks: 'GC_SIM_TRUNKS',
  agents: 'GC_SIM_AGENTS',
  seed: 'GC_SIM_SEED',
  faults: 'GC_SIM_FAULTS',
  'token-lifetime': 'GC_SIM_TOKEN_LIFETIME_S',
  rpm: 'GC_SIM_RPM',
  'write-topology': 'GC_SIM_WRITE_TOPOLOGY',
  'write-env': 'GC_SIM_WRITE_ENV',
  'write-fixture': 'GC_SIM_WRITE_FIXTURE',
  'secret-env-prefix': 'GC_SIM_SECRET_ENV_PREFIX',
  'public-url': 'GC_SIM_PUBLIC_URL',
  host: 'GC_SIM_HOST',
  port: 'PORT',
};

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Flags win over the environment; every value is validated once, here. Returns undefined for --help. */
export function parseCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliConfig | undefined {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.keys(FLAG_ENV).map((flag) => [flag, { type: 'string' as const }])),
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help === true) return undefined;
  const raw: Record<string, unknown> = { logLevel: env.LOG_LEVEL || undefined };
  for (const [flag, variable] of Object.entries(FLAG_ENV)) {
    const value = parsed.values[flag] ?? env[variable];
    if (value !== undefined && value !== '') raw[camel(flag)] = value;
  }
  const result = cliSchema.safeParse(raw);
  if (!result.success) {
    throw new UsageError(
      result.error.issues
        .map((issue) =>
          issue.message.startsWith('--')
            ? issue.message
            : `${issue.path.join('.') || 'options'}: ${issue.message}`,
        )
        .join('\n'),
    );
  }
  return result.data;
}
