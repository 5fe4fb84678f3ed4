import { replaceScope } from './replace-scope';

// npm writes package-lock.json through json-stringify-nice with these keys first (arborist's
// shrinkwrap.js); every other key follows in 'en' locale order, plain values before objects.
const NPM_KEY_ORDER = [
  'name',
  'version',
  'lockfileVersion',
  'resolved',
  'integrity',
  'requires',
  'packages',
  'dependencies',
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function compareKeys(a: string, b: string): number {
  const ia = NPM_KEY_ORDER.indexOf(a);
  const ib = NPM_KEY_ORDER.indexOf(b);
  if (ia >= 0 && ib >= 0) return ia - ib;
  if (ia >= 0) return -1;
  if (ib >= 0) return 1;
  return a.localeCompare(b, 'en');
}

/** A lockfile's data as npm would write it, byte for byte. */
export function formatLikeNpm(data: unknown): string {
  const sorted = (_key: string, value: unknown): unknown =>
    isObject(value)
      ? Object.fromEntries(
          Object.entries(value).sort(([ak, av], [bk, bv]) =>
            isObject(av) === isObject(bv) ? compareKeys(ak, bk) : isObject(av) ? 1 : -1,
          ),
        )
      : value;
  return `${JSON.stringify(data, sorted, 2)}\n`;
}

export interface LockfileRewrite {
  text: string;
  count: number;
  /** True when the result is exactly what npm writes, so `npm install` leaves it unchanged. */
  inNpmOrder: boolean;
}

/**
 * Renames the scope in package names, dependency specs and `node_modules/<scope>/x` link keys.
 * Renamed keys move to where npm sorts them, but only in a lockfile npm wrote (it re-serializes to
 * the same bytes): re-sorting a hand-edited one would bury the rename in unrelated changes.
 */
export function rewriteLockfile(text: string, from: string, to: string): LockfileRewrite {
  const renamed = replaceScope(text, from, to);
  let writtenByNpm: boolean;
  try {
    writtenByNpm = formatLikeNpm(JSON.parse(text)) === text;
  } catch {
    writtenByNpm = false; // not JSON: rename the text, npm will complain about the rest
  }
  if (!writtenByNpm) return { ...renamed, inNpmOrder: false };
  return {
    text: formatLikeNpm(JSON.parse(renamed.text)),
    count: renamed.count,
    inNpmOrder: true,
  };
}
