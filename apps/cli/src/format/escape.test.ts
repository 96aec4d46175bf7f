import { describe, expect, it } from 'vitest';
import { escapeControls, escapeControlsKeepingNewlines } from './escape.js';
import { table } from './table.js';

describe('escapeControls', () => {
  it('writes every control character visibly, line breaks included', () => {
    expect(escapeControls('a\u001b[2Jb\nc\rd\u0007e\u009bf\u007f')).toBe(
      'a\\x1b[2Jb\\x0ac\\x0dd\\x07e\\x9bf\\x7f',
    );
    expect(escapeControls('abc\u202eevil')).toBe('abc\\u202eevil');
    expect(escapeControls('agent-東京-é')).toBe('agent-東京-é');
  });

  it('keeps the CLI own line breaks in whole output', () => {
    expect(escapeControlsKeepingNewlines('line 1\nline\u001b[31m 2\n')).toBe('line 1\nline\\x1b[31m 2\n');
  });

  it('escapes cells of a table, so an id cannot break or repaint a row', () => {
    const text = table(['ID', 'STATUS'], [['agent\n\u001b[2Jforged', 'applied']]);
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toContain('agent\\x0a\\x1b[2Jforged');
  });
});
