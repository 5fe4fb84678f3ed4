// A scope is replaced only as a whole token: `@old/kafka`, `'@old'` and `node_modules/@old/` are
// the scope; `me@old`, `@old-tools/x`, `@old.io/x` and `@nestjs/old-express` are not.
const BEFORE = '(?<![\\w.~@-])';
const AFTER = '(?![\\w~-]|\\.[\\w~-])';

export function scopePattern(scope: string): RegExp {
  return new RegExp(`${BEFORE}${scope.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${AFTER}`, 'g');
}

/** Every token of `from` in `text` replaced by `to`, and how many there were. */
export function replaceScope(
  text: string,
  from: string,
  to: string,
): { text: string; count: number } {
  let count = 0;
  const replaced = text.replace(scopePattern(from), () => {
    count++;
    return to;
  });
  return { text: replaced, count };
}
