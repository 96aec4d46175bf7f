import type { Logger } from './logger.js';
import { createSimServer } from './server/create-server.js';
import { createSimulator, type SimOptions, type Simulator } from './simulator.js';

export interface StartSimOptions extends SimOptions {
  /** @defaultValue 0 (any free port) */
  port?: number;
  /** @defaultValue 127.0.0.1 */
  host?: string;
  /** Logger of the HTTP server. @defaultValue the simulator's logger */
  serverLogger?: Logger;
}

export interface RunningSim {
  /** `http://127.0.0.1:PORT`: the API and login base URL of every org. */
  url: string;
  sim: Simulator;
  /** Stops listening, drops open connections and stops background activity. */
  close(): Promise<void>;
}

/** Creates a simulator and serves it over HTTP. */
export async function startSim(options: StartSimOptions): Promise<RunningSim> {
  const sim = createSimulator(options);
  const app = createSimServer(sim, options.serverLogger ? { logger: options.serverLogger } : {});
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ port: options.port ?? 0, host });
  } catch (error) {
    sim.close();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the simulator is not listening on TCP');
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    sim,
    close: () => {
      closed ??= (async () => {
        sim.close();
        await app.close();
      })();
      return closed;
    },
  };
}
