import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Tracked files, as a user's clone has them (tests excluded: they may name what they forbid). */
function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((path) => path !== '' && !/(^|\/)test\/|\.test\.ts$/.test(path) && path !== 'package-lock.json')
    .filter((path) => existsSync(join(ROOT, path)));
}

/** Text files only: a NUL byte in the first 8 KiB marks a binary (an image). */
function textOf(path: string): string | undefined {
  const bytes = readFileSync(join(ROOT, path));
  return bytes.subarray(0, 8192).includes(0) ? undefined : bytes.toString('utf8');
}

describe('the repository stands on its own', () => {
  const files = trackedFiles();

  it('no file points at a specification outside the repository', () => {
    const outside = /\.\.\/shared\/|\/work\/shared|shared\/spec\//;
    const offenders = files.flatMap((path) =>
      (textOf(path) ?? '')
        .split('\n')
        .flatMap((line, i) => (outside.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });

  it('every relative link of a markdown file names a file of the repository', () => {
    const broken: string[] = [];
    for (const path of files.filter((file) => file.endsWith('.md'))) {
      for (const [, target] of (textOf(path) ?? '').matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target === undefined || /^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
        const file = resolve(ROOT, dirname(path), decodeURIComponent(target.split('#')[0] ?? ''));
        if (!file.startsWith(ROOT) || !existsSync(file)) broken.push(`${path}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
