import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The built command, as `npm run bench` runs it (turbo builds before it tests).
const MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
const run = promisify(execFile);

async function bench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], { timeout: 15_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('the bench command on bad notification flags', () => {
  it('says what is wrong, prints the usage and exits 2 before starting anything', async () => {
    for (const [args, says] of [
      [['--notifications', 'maybe'], /notifications/],
      [['--notif-drop', '2'], /--notif-drop: .*1/],
      [['--notifications', 'off', '--notif-cut-every-s', '20'], /need --notifications auto/],
    ] as const) {
      const result = await bench([...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(says);
      expect(result.stderr).toContain('--notif-socket-closing N');
      expect(result.stdout).toBe('');
    }
  });

  it('lists the notification flags in --help', async () => {
    const result = await bench(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /--notifications auto\|off[\s\S]*--notif-drop RATE[\s\S]*--notif-cut-every-s S/,
    );
  });
});
