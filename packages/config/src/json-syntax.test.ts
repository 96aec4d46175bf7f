import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from './json-syntax.js';

describe('locateJsonSyntaxError', () => {
  it('finds nothing in valid JSON', () => {
    expect(locateJsonSyntaxError('{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}')).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 1, 9, "trailing comma before '}'"],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, "expected ',' or '}' after a property value"],
    ['{"a" 1}', 1, 6, "expected ':' after a property name"],
    ["{'a': 1}", 1, 2, 'expected a property name in double quotes'],
    ['{"a": "x\ny"}', 1, 9, 'control character in a string (a line break must be written \\n)'],
    ['{"a": "open}', 1, 7, 'unterminated string'],
    ['[1, 2', 1, 6, 'unexpected end of file (a bracket or brace is not closed)'],
    ['{"a": tru}', 1, 7, 'invalid value (did you mean true? strings need double quotes)'],
    ['{} x', 1, 4, 'unexpected content after the end of the JSON document'],
    ['', 1, 1, 'unexpected end of file (a bracket or brace is not closed)'],
  ])('locates the error in %j', (text, line, column, problem) => {
    expect(locateJsonSyntaxError(text)).toEqual({ line, column, problem });
  });

  it('never quotes more than one character of the content', () => {
    const located = locateJsonSyntaxError('{"clientSecret": s3cr3t-value}');
    expect(located?.problem).toBe('unexpected character "s"');
  });
});
