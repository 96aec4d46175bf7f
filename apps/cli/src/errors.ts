/** The command line asks for something that cannot be (unknown org, bad kind, missing option): exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the user can act on, reported as one line without a stack trace: exit 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
