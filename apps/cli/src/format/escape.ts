// C0 controls, DEL and C1 controls (ESC and CSI start terminal escape sequences; CR and BS overwrite what is
// shown), plus the Unicode line and paragraph separators and bidirectional overrides, which reorder text.
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

const escapeOne = (char: string): string => {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * A value for the terminal: every control character written as `\xNN` (or `\uNNNN`). Ids may hold any character
 * an older version accepted, and an id with an escape sequence could repaint the operator's terminal or forge
 * a line of output.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/** For whole lines of output: the same, but the line breaks the CLI writes itself stay. */
export function escapeControlsKeepingNewlines(text: string): string {
  return text.replace(CONTROL, (char) => (char === '\n' ? char : escapeOne(char)));
}
