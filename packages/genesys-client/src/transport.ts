import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { RequestBudget } from './budget.js';
import { classifyGenesysError } from './classify.js';
import { readErrorBody } from './error-body.js';
import { GenesysApiError } from './errors/genesys-api-error.js';
import { ResponseValidationError } from './errors/response-validation-error.js';
import { UnknownOutcomeError } from './errors/unknown-outcome-error.js';
import { WriteRefusedError, type WriteRefusedReason } from './errors/write-refused-error.js';
import type { HttpMethod, HttpSender } from './http.js';
import type { GenesysClientMetrics } from './metrics.js';
import type { GenesysOrgConfig } from './options.js';
import type { RequestRecorder } from './request-recorder.js';
import { correlationIdOf, retryAfterMsOf } from './response-headers.js';
import type { ResponseModel } from './route-models.js';
import type { ThrottleAccount } from './throttle.js';
import type { TokenProvider } from './token-provider.js';
import { traceGenesysCall } from './tracing.js';
import { LEASE_MARGIN_MS, type WriteGuard } from './write-guard.js';

export type OutgoingBody =
  | { kind: 'json'; value: unknown }
  /** Exact bytes with the headers the issuer asked for (the gzip schedule upload). */
  | { kind: 'raw'; bytes: Buffer; headers: Record<string, string> };

export interface CallSpec {
  method: HttpMethod;
  /** Route template: the metrics label and the `route` of errors. */
  route: string;
  url: URL;
  /** Send the org's bearer token (and refetch it once on a 401). False for presigned URLs. */
  authenticate: boolean;
  body?: OutgoingBody;
  /** Present for state-changing calls: dry-run refuses them, the lease bounds them. */
  write?: { guard: WriteGuard | undefined };
  /** See ReadOptions.onSent. */
  onSent?: () => void;
  /** Connect only to public addresses (an issued upload URL of a real org). */
  publicAddressesOnly?: boolean;
}

export interface Answer {
  status: number;
  body: string;
  correlationId: string | undefined;
}

// Headers an issued upload URL may not dictate: we compute the length, and the host is the URL's.
const FORBIDDEN_ISSUED_HEADERS = new Set([
  'host',
  'content-length',
  'authorization',
  'connection',
  'transfer-encoding',
]);

export interface TransportDeps {
  org: GenesysOrgConfig;
  http: HttpSender;
  tokens: TokenProvider;
  budget: RequestBudget;
  metrics: GenesysClientMetrics;
  logger: Logger;
  recorder: RequestRecorder;
  requestTimeoutMs: number;
}

/**
 * Sends one Genesys call: write guards, token, shared budget, the single 401 refetch, 429
 * block, metrics, and error classification. Nothing else is retried here.
 */
export class Transport {
  constructor(private readonly deps: TransportDeps) {}

  async call(spec: CallSpec): Promise<Answer> {
    return traceGenesysCall(this.deps.org.id, spec, (account) => this.send(spec, account));
  }

  private async send(spec: CallSpec, account: ThrottleAccount): Promise<Answer> {
    const deadline = spec.write?.guard?.deadline;
    if (spec.write) this.guardWrite(spec, deadline);
    for (let attempt = 1; ; attempt++) {
      const token = spec.authenticate ? await this.deps.tokens.current(account) : undefined;
      await this.deps.budget.acquire({ method: spec.method, route: spec.route, account, deadline });
      // Token and budget waits take time: check the caller's preconditions and the lease right before sending.
      if (spec.write?.guard?.beforeSend) await spec.write.guard.beforeSend();
      if (spec.write) this.guardWrite(spec, deadline);

      spec.onSent?.();
      const started = performance.now();
      const outcome = await this.deps.http.send({
        method: spec.method,
        url: spec.url,
        headers: headersFor(spec, token),
        body: bodyOf(spec),
        timeoutMs: this.timeoutFor(deadline),
        publicAddressesOnly: spec.publicAddressesOnly === true,
      });
      const durationMs = performance.now() - started;

      if (outcome.kind === 'failure') {
        this.deps.recorder.record(
          spec.method,
          spec.route,
          { failure: outcome.timeout ? 'timeout' : 'network' },
          durationMs,
        );
        throw new GenesysApiError(
          {
            kind: classifyGenesysError({ timeout: outcome.timeout, networkError: outcome.code }),
            status: undefined,
            code: outcome.code,
            genesysMessage: undefined,
            correlationId: undefined,
            method: spec.method,
            route: spec.route,
          },
          `Genesys ${spec.method} ${spec.route} got no answer (${outcome.timeout ? 'timed out' : 'connection failed'}: ${outcome.code})`,
        );
      }

      const { response } = outcome;
      this.deps.recorder.record(spec.method, spec.route, { status: response.status }, durationMs);
      await this.observeBudget(response.headers);
      const correlationId = correlationIdOf(response.headers);

      if (response.status === 401 && token !== undefined && attempt === 1) {
        // Expired or revoked: drop it (unless someone already replaced it), fetch once, repeat once.
        this.deps.logger.info(
          { org: this.deps.org.id, method: spec.method, route: spec.route, correlationId },
          'Genesys rejected the access token; fetching a new one',
        );
        await this.deps.tokens.invalidate(token);
        continue;
      }
      if (response.status >= 200 && response.status < 300) {
        return { status: response.status, body: response.body, correlationId };
      }
      throw await this.failure(spec, response.status, response.headers, response.body, correlationId);
    }
  }

  /** Calls and validates a JSON answer against its route's model (GENESYS_ROUTE_MODELS). */
  async callJson<T>(spec: CallSpec, model: ResponseModel<T>): Promise<T> {
    const answer = await this.call(spec);
    try {
      return parseAnswer(spec, answer, model.schema, model.name);
    } catch (error) {
      // The one place that decides: a write's unreadable 2xx is an unknown outcome, not a refusal.
      if (spec.write && error instanceof ResponseValidationError) throw new UnknownOutcomeError(error);
      throw error;
    }
  }

  /** Calls an endpoint that answers without a body (204, or 200 with nothing worth reading). */
  async callEmpty(spec: CallSpec): Promise<void> {
    await this.call(spec);
  }

  private async failure(
    spec: CallSpec,
    status: number,
    headers: IncomingHttpHeaders,
    body: string,
    correlationId: string | undefined,
  ): Promise<GenesysApiError> {
    const error = readErrorBody(body);
    const kind = classifyGenesysError({ status, code: error.code, message: error.message });
    let retryAfterMs: number | undefined;
    if (status === 429) {
      // Every process of this org holds every request until Retry-After has passed.
      retryAfterMs = retryAfterMsOf(headers);
      this.deps.metrics.rateLimited.inc({ org: this.deps.org.id });
      await this.deps.budget.blockOrg(retryAfterMs);
    }
    return new GenesysApiError({
      kind,
      status,
      code: error.code,
      genesysMessage: error.message,
      correlationId,
      retryAfterMs,
      method: spec.method,
      route: spec.route,
    });
  }

  private async observeBudget(headers: IncomingHttpHeaders): Promise<void> {
    try {
      await this.deps.budget.observe(headers);
    } catch (error) {
      // Advisory only: a Redis hiccup here must not turn a write Genesys applied into a failure
      // the pipeline would repeat (a repeated create is a duplicate).
      this.deps.logger.warn({ err: error }, 'could not record the budget Genesys advertised');
    }
  }

  private guardWrite(spec: CallSpec, deadline: number | undefined): void {
    if (this.deps.org.mode === 'dry-run') this.refuse(spec, 'dry-run');
    if (deadline !== undefined && Date.now() > deadline - LEASE_MARGIN_MS) this.refuse(spec, 'lease-expired');
  }

  private refuse(spec: CallSpec, reason: WriteRefusedReason): never {
    this.deps.metrics.writesRefused.inc({ org: this.deps.org.id, reason });
    throw new WriteRefusedError(reason, spec.method, spec.route);
  }

  private timeoutFor(deadline: number | undefined): number {
    if (deadline === undefined) return this.deps.requestTimeoutMs;
    return Math.max(1, Math.min(this.deps.requestTimeoutMs, deadline - Date.now()));
  }
}

function headersFor(spec: CallSpec, token: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (spec.body?.kind === 'raw') {
    for (const [name, value] of Object.entries(spec.body.headers)) {
      if (!FORBIDDEN_ISSUED_HEADERS.has(name.toLowerCase())) headers[name] = value;
    }
  }
  if (spec.body?.kind === 'json') headers['content-type'] = 'application/json';
  if (spec.authenticate) headers.accept = 'application/json';
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return headers;
}

function bodyOf(spec: CallSpec): string | Buffer | undefined {
  if (spec.body === undefined) return undefined;
  return spec.body.kind === 'json' ? JSON.stringify(spec.body.value) : spec.body.bytes;
}

function parseAnswer<T>(spec: CallSpec, answer: Answer, schema: z.ZodType<T>, model: string): T {
  const invalid = (issues: string) =>
    new ResponseValidationError({
      method: spec.method,
      route: spec.route,
      status: answer.status,
      correlationId: answer.correlationId,
      model,
      issues,
    });
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    throw invalid(answer.body === '' ? 'the body is empty' : 'the body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalid(z.prettifyError(parsed.error));
  return parsed.data;
}
