export interface JsonSyntaxProblem {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  problem: string;
}

class SyntaxAt extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9A-Fa-f]{4}$/;

/**
 * Finds the first JSON syntax error in `text` with its line and column. `JSON.parse` on Node 20 gives
 * no position for most errors and quotes a piece of the file in its message, which may be a secret;
 * this scanner describes the problem without quoting the content. Returns undefined if it finds none.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  let pos = 0;
  const fail = (problem: string, at = pos): never => {
    // An "expected X" at the very end is an unclosed bracket, brace or string, which says more.
    throw new SyntaxAt(
      at,
      at >= text.length ? 'unexpected end of file (a bracket or brace is not closed)' : problem,
    );
  };
  const skipWhitespace = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos] as string)) pos++;
  };
  const unexpected = (): never => fail(`unexpected character ${JSON.stringify(text[pos])}`);

  const string = (): void => {
    const start = pos;
    pos++;
    for (;;) {
      const char = text[pos];
      if (char === undefined) fail('unterminated string', start);
      else if (char === '"') {
        pos++;
        return;
      } else if (char === '\\') {
        const escaped = text[pos + 1];
        if (escaped === 'u' && HEX4.test(text.slice(pos + 2, pos + 6))) pos += 6;
        else if (escaped !== undefined && SIMPLE_ESCAPES.has(escaped)) pos += 2;
        else fail('invalid escape sequence in a string');
      } else if (char.charCodeAt(0) < 0x20)
        fail('control character in a string (a line break must be written \\n)');
      else pos++;
    }
  };

  const object = (): void => {
    pos++;
    skipWhitespace();
    if (text[pos] === '}') {
      pos++;
      return;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] !== '"') fail('expected a property name in double quotes');
      string();
      skipWhitespace();
      if (text[pos] !== ':') fail("expected ':' after a property name");
      pos++;
      value();
      skipWhitespace();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      if (text[pos] !== ',') fail("expected ',' or '}' after a property value");
      pos++;
      skipWhitespace();
      if (text[pos] === '}') fail("trailing comma before '}'");
    }
  };

  const array = (): void => {
    pos++;
    skipWhitespace();
    if (text[pos] === ']') {
      pos++;
      return;
    }
    for (;;) {
      value();
      skipWhitespace();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      if (text[pos] !== ',') fail("expected ',' or ']' after an array element");
      pos++;
      skipWhitespace();
      if (text[pos] === ']') fail("trailing comma before ']'");
    }
  };

  const literal = (word: string): void => {
    if (text.startsWith(word, pos)) pos += word.length;
    else fail(`invalid value (did you mean ${word}? strings need double quotes)`);
  };

  const value = (): void => {
    skipWhitespace();
    const char = text[pos];
    if (char === '{') object();
    else if (char === '[') array();
    else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      NUMBER.lastIndex = pos;
      if (!NUMBER.test(text)) fail('invalid number');
      pos = NUMBER.lastIndex;
    } else unexpected();
  };

  try {
    value();
    skipWhitespace();
    if (pos < text.length) fail('unexpected content after the end of the JSON document');
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxAt) return { ...lineAndColumn(text, error.offset), problem: error.problem };
    // Nesting deep enough to exhaust the stack: the caller still reports the file as invalid JSON.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
