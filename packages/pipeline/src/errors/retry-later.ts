/** Thrown out of a job so BullMQ's backoff strategy uses the delay the error policy chose. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}
