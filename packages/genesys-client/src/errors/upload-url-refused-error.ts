/**
 * Thrown, before anything is sent, when a schedule upload URL issued by Genesys may not be used:
 * it is not `https`, matches none of the org's `uploadHosts`, or resolves to a loopback, private
 * or link-local address (docs/configuration.md, `uploadHosts`). Retrying the same URL will not help;
 * the pipeline dead-letters that run of the schedule once, with `reason`.
 */
export class UploadUrlRefusedError extends Error {
  /** Why the URL was refused; names the host, never the URL's query (it may carry a signature). */
  readonly reason: string;

  constructor(reason: string) {
    super(`Schedule upload URL refused: ${reason}`);
    this.name = 'UploadUrlRefusedError';
    this.reason = reason;
  }
}
