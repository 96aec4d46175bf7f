import { describe, expect, it } from 'vitest';
import { formatDuration, formatInstant, prettyJson, redactSecrets } from './format.js';
import { escapeHtml, html, query } from './html.js';

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const id = `"><script>alert('x')</script>&\``;
    const out = html`<a title="${id}">${id}</a>`.value;
    expect(out).not.toContain('<script>');
    expect(out).toBe(
      '<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;</a>',
    );
  });

  it('nests SafeHtml without escaping it again, joins arrays and drops nothing-values', () => {
    const items = ['<a>', 'b'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}${undefined}${null}${false}${0}</ul>`.value).toBe(
      '<ul><li>&lt;a&gt;</li><li>b</li>0</ul>',
    );
  });

  it('builds query strings with encoding and without empty values', () => {
    expect(query({ org: 'a&b', kind: 'agent', id: 'x/y z', empty: '', none: undefined })).toBe(
      '?org=a%26b&kind=agent&id=x%2Fy+z',
    );
    expect(query({})).toBe('');
    expect(escapeHtml('plain')).toBe('plain');
  });
});

describe('format', () => {
  it('redacts secret-named fields at any depth and in any casing', () => {
    expect(
      redactSecrets({
        userId: 'u1',
        nested: [{ ClientSecret: 's1', token: 't' }],
        headers: { Authorization: 'x' },
      }),
    ).toEqual({
      userId: 'u1',
      nested: [{ ClientSecret: '[redacted]', token: '[redacted]' }],
      headers: { Authorization: '[redacted]' },
    });
    expect(prettyJson(null)).toBe('—');
  });

  it('formats durations and instants relative to now', () => {
    expect(formatDuration(450)).toBe('450 ms');
    expect(formatDuration(65_000)).toBe('1m 5s');
    expect(formatDuration(3_720_000)).toBe('1h 2m');
    const now = Date.parse('2026-11-22T09:05:00Z');
    expect(formatInstant('2026-11-22T09:00:00.000Z', now)).toBe('2026-11-22 09:00:00Z (5m 0s ago)');
    expect(formatInstant(now + 12_000, now)).toBe('2026-11-22 09:05:12Z (in 12s)');
    expect(formatInstant(null, now)).toBe('—');
  });
});
