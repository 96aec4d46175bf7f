import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeWebhookSecret, SignatureVerifier, signWebhook } from '../src/signature.js';

// The `standardwebhooks` package's own test vectors (libraries/javascript/src/webhook.test.ts of
// github.com/standard-webhooks/standard-webhooks, which the npm package does not ship), then a differential test:
// every input gets the same verdict from this verifier as from the package's `Webhook.verify`.

const DEFAULT_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const DEFAULT_PAYLOAD = '{"test": 2432232314}';
const DEFAULT_SECRET = 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const TOLERANCE_MS = 5 * 60 * 1000;
/** A fixed clock, shared by both implementations (the package reads Date.now). */
const NOW_MS = Date.UTC(2026, 11, 6, 12, 0, 0, 500);

type Headers = Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>;

/** The package's TestPayload: signed by its own `sign` (not by the code under test). */
function testPayload(atMs = NOW_MS): { payload: string; header: Headers } {
  const at = new Date(Math.floor(atMs / 1000) * 1000);
  return {
    payload: DEFAULT_PAYLOAD,
    header: {
      'webhook-id': DEFAULT_ID,
      'webhook-signature': new Webhook(DEFAULT_SECRET).sign(DEFAULT_ID, at, DEFAULT_PAYLOAD),
      'webhook-timestamp': String(Math.floor(atMs / 1000)),
    },
  };
}

function referenceAccepts(secrets: readonly string[], body: string, headers: Partial<Headers>): boolean {
  return secrets.some((secret) => {
    try {
      new Webhook(secret).verify(body, headers as Record<string, string>, { jsonParse: false });
      return true;
    } catch {
      return false;
    }
  });
}

function without(header: Headers, name: keyof Headers): Partial<Headers> {
  const copy: Partial<Headers> = { ...header };
  delete copy[name];
  return copy;
}

describe('signature verification: the standardwebhooks test vectors', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW_MS);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const verifier = () => new SignatureVerifier([DEFAULT_SECRET]);

  it('refuses an empty key', () => {
    expect(() => new SignatureVerifier([''])).toThrow();
    expect(() => new SignatureVerifier(['whsec_'])).toThrow();
    expect(() => new SignatureVerifier([])).toThrow();
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const)(
    'rejects a missing %s',
    (name) => {
      const { payload, header } = testPayload();
      expect(verifier().verify(payload, without(header, name))).toBe(false);
    },
  );

  it('rejects a timestamp that is not a number', () => {
    const { payload, header } = testPayload();
    expect(verifier().verify(payload, { ...header, 'webhook-timestamp': 'hello' })).toBe(false);
  });

  it('rejects an invalid and a partial signature', () => {
    const { payload, header } = testPayload();
    const v = verifier();
    expect(v.verify(payload, { ...header, 'webhook-signature': 'v1,dawfeoifkpqwoekfpqoekf' })).toBe(false);
    expect(
      v.verify(payload, { ...header, 'webhook-signature': header['webhook-signature'].slice(0, 8) }),
    ).toBe(false);
    expect(v.verify(payload, { ...header, 'webhook-signature': 'v1,' })).toBe(false);
  });

  it('accepts a valid signature', () => {
    const { payload, header } = testPayload();
    expect(verifier().verify(payload, header)).toBe(true);
  });

  it('rejects a timestamp just over five minutes old or ahead', () => {
    for (const atMs of [NOW_MS - TOLERANCE_MS - 1000, NOW_MS + TOLERANCE_MS + 1000]) {
      const { payload, header } = testPayload(atMs);
      expect(verifier().verify(payload, header)).toBe(false);
    }
  });

  it('accepts a header of several signatures of which one is valid', () => {
    const { payload, header } = testPayload();
    const signatures = [
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      header['webhook-signature'],
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
    ];
    expect(verifier().verify(payload, { ...header, 'webhook-signature': signatures.join(' ') })).toBe(true);
  });

  it('accepts the secret with and without the whsec_ prefix', () => {
    const { payload, header } = testPayload();
    expect(new SignatureVerifier([DEFAULT_SECRET]).verify(payload, header)).toBe(true);
    expect(new SignatureVerifier([`whsec_${DEFAULT_SECRET}`]).verify(payload, header)).toBe(true);
  });

  it('signs the known vector, and verifies it at its own time', () => {
    const key = decodeWebhookSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    const signature = signWebhook(key, DEFAULT_ID, 1614265330, DEFAULT_PAYLOAD);
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    const headers = {
      'webhook-id': DEFAULT_ID,
      'webhook-timestamp': '1614265330',
      'webhook-signature': signature,
    };
    const then = new SignatureVerifier(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], {
      now: () => 1614265330_000 + 299_000,
    });
    expect(then.verify(DEFAULT_PAYLOAD, headers)).toBe(true);
    expect(
      new SignatureVerifier(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']).verify(DEFAULT_PAYLOAD, headers),
    ).toBe(false);
  });
});

describe('signature verification: the same verdict as the standardwebhooks package', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW_MS);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const secretOf = (bytes: number, prefix = true) =>
    `${prefix ? 'whsec_' : ''}${randomBytes(bytes).toString('base64')}`;
  const nowS = Math.floor(NOW_MS / 1000);

  function expectSameVerdict(
    secrets: readonly string[],
    body: string,
    headers: Partial<Headers>,
    label: string,
  ) {
    const reference = referenceAccepts(secrets, body, headers);
    const ours = new SignatureVerifier(secrets).verify(body, headers);
    expect({ label, ours }).toEqual({ label, ours: reference });
    return reference;
  }

  it('decodes secrets as the package does, and refuses the ones it refuses', () => {
    const secrets = [
      ...Array.from({ length: 64 }, (_, i) => secretOf(i + 1)),
      ...Array.from({ length: 16 }, (_, i) => secretOf(i + 1, false)),
      // unpadded, odd lengths, padding in excess, characters outside the alphabet, too short
      ...Array.from({ length: 8 }, (_, i) => secretOf(i + 30).replace(/=+$/, '')),
      'whsec_AAAAA',
      'whsec_AAAAA=',
      'whsec_AAAAAA',
      'whsec_abc==',
      'whsec_AA==',
      'whsec_A===',
      'whsec_====',
      'whsec_ab=c',
      'whsec_abc',
      'whsec_ab cd',
      'whsec_abc-_def',
      'whsec_abcd\n',
      'whsec_AAAA=',
      'whsec_AAAAA==',
      'whsec_AAAA?',
      'whsec_AAAAAA?',
      'whsec_AAA',
      'whsec_A=',
      'whsec_',
      '',
      'abc',
    ];
    let valid = 0;
    for (const secret of secrets) {
      let reference: Webhook | undefined;
      try {
        reference = new Webhook(secret);
      } catch {
        reference = undefined;
      }
      if (reference === undefined) {
        expect({
          secret,
          throws: (() => {
            try {
              decodeWebhookSecret(secret);
              return false;
            } catch {
              return true;
            }
          })(),
        }).toEqual({ secret, throws: true });
        continue;
      }
      valid += 1;
      const at = new Date(nowS * 1000);
      expect({ secret, signature: signWebhook(decodeWebhookSecret(secret), 'msg_1', nowS, '{}') }).toEqual({
        secret,
        signature: reference.sign('msg_1', at, '{}'),
      });
    }
    expect(valid).toBeGreaterThan(80);
  });

  it('accepts what the package signs, and the package accepts what this signs', () => {
    for (let i = 0; i < 200; i++) {
      const secret = secretOf(16 + (i % 48));
      const body = JSON.stringify({ i, text: randomBytes(i).toString('base64'), unicode: 'é ✓ 🙂 \u2028' });
      const id = `msg_${randomUUID()}`;
      const atS = nowS - 299 + (i % 598);
      const reference = new Webhook(secret).sign(id, new Date(atS * 1000), body);
      const ours = signWebhook(decodeWebhookSecret(secret), id, atS, body);
      expect(ours).toBe(reference);
      const headers = { 'webhook-id': id, 'webhook-timestamp': String(atS), 'webhook-signature': reference };
      expect(new SignatureVerifier([secret]).verify(body, headers)).toBe(true);
      expect(referenceAccepts([secret], body, { ...headers, 'webhook-signature': ours })).toBe(true);
    }
  });

  it('gives the same verdict on tampered, expired, rotated and malformed deliveries', () => {
    // Fixed secrets and clock: every case is the same bytes on every run.
    const fixedSecret = (name: string, bytes: number) =>
      `whsec_${createHash('sha256').update(name).digest().subarray(0, bytes).toString('base64')}`;
    const [previous, next, stranger] = [
      fixedSecret('previous', 24),
      fixedSecret('next-3', 32),
      fixedSecret('stranger', 24),
    ];
    const body = '{"id":"evt_1","type":"agent.capacity.updated"}';
    const id = 'msg_2a1b';
    const sign = (secret: string, atS = nowS, signedBody = body, signedId = id) =>
      new Webhook(secret).sign(signedId, new Date(atS * 1000), signedBody);
    const good = sign(next);
    const goodValue = good.slice(3);
    // The URL-safe case below must differ from the signature itself.
    expect(goodValue).toMatch(/[+/]/);
    const headers = (signature: string, timestamp = String(nowS), webhookId = id): Headers => ({
      'webhook-id': webhookId,
      'webhook-timestamp': timestamp,
      'webhook-signature': signature,
    });
    const cases: [string, readonly string[], string, Partial<Headers>][] = [
      ['valid', [next], body, headers(good)],
      ['rotation: previous and next configured, signed with next', [previous, next], body, headers(good)],
      ['rotation: signed with previous', [previous, next], body, headers(sign(previous))],
      ['rotation: sender signs with both', [next], body, headers(`${sign(stranger)} ${good}`)],
      ['rotation: neither configured', [previous], body, headers(`${sign(stranger)} ${good}`)],
      ['unknown secret', [stranger], body, headers(good)],
      ['tampered body', [next], `${body} `, headers(good)],
      ['tampered id', [next], body, headers(good, String(nowS), 'msg_other')],
      ['tampered timestamp', [next], body, headers(good, String(nowS - 1))],
      ['signature over other bytes', [next], body, headers(sign(next, nowS, '{}'))],
      ['299 s old', [next], body, headers(sign(next, nowS - 299), String(nowS - 299))],
      ['300 s old', [next], body, headers(sign(next, nowS - 300), String(nowS - 300))],
      ['301 s old', [next], body, headers(sign(next, nowS - 301), String(nowS - 301))],
      ['300 s ahead', [next], body, headers(sign(next, nowS + 300), String(nowS + 300))],
      ['301 s ahead', [next], body, headers(sign(next, nowS + 301), String(nowS + 301))],
      ['timestamp with trailing text (parseInt)', [next], body, headers(good, `${nowS}abc`)],
      ['timestamp with leading spaces (parseInt)', [next], body, headers(good, `  ${nowS}`)],
      ['timestamp as a decimal', [next], body, headers(good, `${nowS}.0`)],
      ['timestamp in milliseconds', [next], body, headers(good, String(nowS * 1000))],
      ['timestamp not a number', [next], body, headers(good, 'soon')],
      ['empty id', [next], body, headers(good, String(nowS), '')],
      ['empty signature', [next], body, headers('')],
      ['v1 without a signature', [next], body, headers('v1')],
      ['v1 and an empty signature', [next], body, headers('v1,')],
      ['other version', [next], body, headers(`v2,${goodValue}`)],
      ['upper-case version', [next], body, headers(`V1,${goodValue}`)],
      ['trailing field', [next], body, headers(`${good},extra`)],
      ['double space between signatures', [next], body, headers(`${sign(stranger)}  ${good}`)],
      ['tab between signatures', [next], body, headers(`${sign(stranger)}\t${good}`)],
      ['leading space', [next], body, headers(` ${good}`)],
      ['signature without padding', [next], body, headers(good.replace(/=+$/, ''))],
      [
        'signature in URL-safe base64',
        [next],
        body,
        headers(`v1,${goodValue.replaceAll('+', '-').replaceAll('/', '_')}`),
      ],
      ['signature as hex', [next], body, headers(`v1,${Buffer.from(goodValue, 'base64').toString('hex')}`)],
      [
        'signature one character off',
        [next],
        body,
        headers(`v1,${goodValue.slice(0, -2)}${goodValue.at(-2) === 'A' ? 'E' : 'A'}=`),
      ],
      ['signature with a non-ASCII character', [next], body, headers(`v1,${goodValue.slice(0, -1)}é`)],
      [
        'SHA-256 without the key',
        [next],
        body,
        headers(`v1,${createHash('sha256').update(`${id}.${nowS}.${body}`).digest('base64')}`),
      ],
      ['missing id', [next], body, without(headers(good), 'webhook-id')],
      ['missing timestamp', [next], body, without(headers(good), 'webhook-timestamp')],
      ['missing signature', [next], body, without(headers(good), 'webhook-signature')],
    ];
    const accepted = cases.filter(([label, secrets, b, h]) => expectSameVerdict(secrets, b, h, label));
    // The cases cover both verdicts, not only refusals.
    expect(accepted.map(([label]) => label)).toEqual([
      'valid',
      'rotation: previous and next configured, signed with next',
      'rotation: signed with previous',
      'rotation: sender signs with both',
      '299 s old',
      '300 s old',
      '300 s ahead',
      'timestamp with trailing text (parseInt)',
      'timestamp with leading spaces (parseInt)',
      'timestamp as a decimal',
      'trailing field',
      'double space between signatures',
      'leading space',
    ]);
  });
});
