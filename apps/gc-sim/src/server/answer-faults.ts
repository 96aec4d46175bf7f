import type { FastifyInstance } from 'fastify';
import { nullAbsentOptionals, OPTIONAL_ANSWER_FIELDS } from '../faults/null-optionals.js';
import type { Simulator } from '../simulator.js';

/** A body no Genesys model accepts: the head of a JSON answer cut short, as a proxy that gave up mid-body would. */
export function garble(payload: string): string {
  return payload.length > 2 ? payload.slice(0, Math.ceil(payload.length / 2)) : '{"status":';
}

/**
 * Faults in the body of an answer the handler already produced (so a write has been applied): `nullOptionals`
 * and `garbledWriteAnswers`. Registered on the root, so the upload route outside `/api/v2` gets them too. A 204
 * carries no body and is left alone.
 */
export function registerAnswerFaults(app: FastifyInstance, sim: Simulator): void {
  const { engine } = sim;
  app.addHook('onSend', async (request, reply, payload) => {
    const ctx = request.simContext;
    if (!ctx?.logged || reply.statusCode < 200 || reply.statusCode >= 300 || reply.statusCode === 204) {
      return payload;
    }
    const faults = engine.faults();
    const route = `${request.method} ${request.routeOptions.url ?? '(unmatched)'}`;
    let body = payload;
    const paths = OPTIONAL_ANSWER_FIELDS[route];
    if (faults.nullOptionals && paths && typeof body === 'string' && body !== '') {
      const answer = parseJson(body);
      if (answer !== undefined && nullAbsentOptionals(answer, paths) > 0) body = JSON.stringify(answer);
    }
    if (ctx.stateChanging && engine.garbleAnswer(route)) {
      engine.noteGarbledAnswer(route);
      ctx.fault = 'garbledAnswer';
      body = garble(typeof body === 'string' ? body : '');
    }
    return body;
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
