import { escapeControlsKeepingNewlines } from './format/escape.js';
import type { CliIo } from './io.js';

/**
 * The CLI's io with control characters escaped in everything written, whatever command or library (commander
 * included) writes it: one place, so no output path can forget. Values that could hold a line break of their
 * own (ids in tables and messages) are escaped whole where they are formatted.
 */
export function escapingIo(io: CliIo): CliIo {
  return {
    env: io.env,
    stdout: { write: (text: string) => io.stdout.write(escapeControlsKeepingNewlines(text)) },
    stderr: {
      write: (text: string) => io.stderr.write(escapeControlsKeepingNewlines(text)),
      ...(io.stderr.isTTY === undefined ? {} : { isTTY: io.stderr.isTTY }),
    },
  };
}
