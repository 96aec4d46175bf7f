import { ConfigError } from '@wfm-sync/config';
import { CommanderError } from 'commander';
import { CliError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { escapeControls } from './format/escape.js';
import type { CliIo } from './io.js';
import { buildProgram } from './program.js';
import { escapingIo } from './safe-io.js';

/** Runs one command line and returns the exit code. Every failure is one line on stderr, never a stack by default. */
export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io = escapingIo(rawIo);
  let exitCode: number = EXIT.ok;
  const program = buildProgram({
    io,
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportFailure(io, error);
  }
}

function reportFailure(io: CliIo, error: unknown): number {
  // Commander has already printed its message (or the help).
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof UsageError) {
    io.stderr.write(`wfm-sync: ${escapeControls(error.message)}\n(add --help for usage)\n`);
    return EXIT.usage;
  }
  if (error instanceof ConfigError) {
    io.stderr.write(`wfm-sync: ${error.message}\n`);
    return EXIT.config;
  }
  if (error instanceof CliError) {
    // One line by design, and it may quote an id: escaped whole, line breaks included.
    io.stderr.write(`wfm-sync: ${escapeControls(error.message)}\n`);
    return EXIT.error;
  }
  // Redis gone mid-command, a Genesys failure, a bug: the message, and the stack only when asked for.
  const verbose = ['debug', 'trace'].includes((io.env.LOG_LEVEL ?? '').toLowerCase());
  const message = escapeControls(error instanceof Error ? error.message : String(error));
  const stack = error instanceof Error && verbose ? `\n${error.stack}` : '';
  io.stderr.write(`wfm-sync: ${message}${stack}${verbose ? '' : ' (LOG_LEVEL=debug shows the stack)'}\n`);
  return EXIT.error;
}
