import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLikeNpm, rewriteLockfile } from './npm-lockfile';

const lockfile = (packages: Record<string, unknown>) =>
  formatLikeNpm({ name: '@oldscope/source', lockfileVersion: 3, requires: true, packages });

describe('formatLikeNpm', () => {
  it("writes this repository's package-lock.json byte for byte (the format npm writes)", () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'package-lock.json'), 'utf8');
    expect(formatLikeNpm(JSON.parse(text))).toBe(text);
  });

  it("puts npm's own keys first, plain values before objects, the rest in 'en' order", () => {
    expect(
      formatLikeNpm({ b: { z: 1, a: 2 }, packages: {}, a: 'x', version: '1', name: 'n' }),
    ).toBe(
      `${JSON.stringify({ name: 'n', version: '1', a: 'x', packages: {}, b: { a: 2, z: 1 } }, null, 2)}\n`,
    );
  });
});

describe('rewriteLockfile', () => {
  const before = lockfile({
    '': { name: '@oldscope/source', workspaces: ['libs/*'] },
    'libs/kafka': { name: '@oldscope/kafka', version: '0.0.0' },
    'node_modules/@nestjs/common': { version: '11.1.9' },
    'node_modules/@oldscope/kafka': { resolved: 'libs/kafka', link: true },
  });

  it('renames names and link keys and moves the links to where npm sorts them', () => {
    const rewrite = rewriteLockfile(before, '@oldscope', '@acme');
    expect(rewrite).toMatchObject({ count: 4, inNpmOrder: true });
    expect(Object.keys(JSON.parse(rewrite.text).packages)).toEqual([
      '',
      'libs/kafka',
      'node_modules/@acme/kafka',
      'node_modules/@nestjs/common',
    ]);
    expect(rewrite.text).toBe(formatLikeNpm(JSON.parse(rewrite.text)));
  });

  it('keeps the order of a lockfile npm did not write, so the diff is the rename only', () => {
    const handEdited = before.replace(/\n$/, '');
    const rewrite = rewriteLockfile(handEdited, '@oldscope', '@acme');
    expect(rewrite).toEqual({
      text: handEdited.replaceAll('@oldscope', '@acme'),
      count: 4,
      inNpmOrder: false,
    });
  });

  it('renames the text of a lockfile that is not JSON', () => {
    expect(rewriteLockfile('{ "@oldscope/x": ', '@oldscope', '@acme')).toEqual({
      text: '{ "@acme/x": ',
      count: 1,
      inNpmOrder: false,
    });
  });
});
