import { replaceScope } from './replace-scope';

const rename = (text: string) => replaceScope(text, '@oldscope', '@acme');

describe('replaceScope', () => {
  it.each<[string, string]>([
    ["import { x } from '@oldscope/kafka';", "import { x } from '@acme/kafka';"],
    ['"name": "@oldscope/source"', '"name": "@acme/source"'],
    ['"node_modules/@oldscope/kafka": {', '"node_modules/@acme/kafka": {'],
    ["mkdir(join(modules, '@oldscope'))", "mkdir(join(modules, '@acme'))"],
    ['`@oldscope/${name}`', '`@acme/${name}`'],
    ["request.startsWith('@oldscope/')", "request.startsWith('@acme/')"],
    ['the @oldscope libraries are bundled in', 'the @acme libraries are bundled in'],
    ['scope @oldscope.', 'scope @acme.'],
    ["Symbol.for('@oldscope/saga.failure')", "Symbol.for('@acme/saga.failure')"],
  ])('renames the scope token in %p', (before, after) => {
    expect(rename(before)).toEqual({ text: after, count: 1 });
  });

  it.each([
    'mail me@oldscope.io',
    '@oldscope-tools/x',
    '@oldscope.io/x',
    '@oldscope_x/y',
    '@@oldscope/x',
    '@nestjs/oldscope-express',
    'oldscope_migrations',
    'OldscopeError',
  ])('leaves %p alone: it is not the scope', (text) => {
    expect(rename(text)).toEqual({ text, count: 0 });
  });

  it('counts every token and treats scope characters literally', () => {
    expect(rename('@oldscope/a @oldscope/b\n@oldscope/c')).toEqual({
      text: '@acme/a @acme/b\n@acme/c',
      count: 3,
    });
    // The . of a scope is a character, not "any character".
    expect(replaceScope('@myxorg/a @my.org/b', '@my.org', '@acme')).toEqual({
      text: '@myxorg/a @acme/b',
      count: 1,
    });
  });
});
