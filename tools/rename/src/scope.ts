import { RenameUsageError } from './errors';

// npm's rule for the scope part of a package name (validate-npm-package-name): URL-safe,
// lowercase, not starting with . or _.
const NPM_SCOPE = /^@[a-z0-9~-][a-z0-9._~-]*$/;

/** Returns the scope when it is a valid npm scope; otherwise says what is wrong and what to type. */
export function checkScope(scope: string): string {
  const example = 'e.g. --scope @acme';
  if (scope === '') throw new RenameUsageError(`--scope needs a value, ${example}.`);
  if (!scope.startsWith('@'))
    throw new RenameUsageError(`Invalid scope "${scope}": an npm scope starts with @, ${example}.`);
  if (scope.includes('/'))
    throw new RenameUsageError(
      `Invalid scope "${scope}": a scope is only the part before the /, ${example} (the packages become @acme/kafka, @acme/naming, ...).`,
    );
  if (scope !== scope.toLowerCase())
    throw new RenameUsageError(
      `Invalid scope "${scope}": npm scopes are lowercase, e.g. --scope ${scope.toLowerCase()}.`,
    );
  if (!NPM_SCOPE.test(scope))
    throw new RenameUsageError(
      `Invalid scope "${scope}": use lowercase letters, digits and - . _ ~, not starting with . or _, ${example}.`,
    );
  return scope;
}

/** `@acme/source` → `@acme`; undefined for an unscoped name. */
export function scopeOfPackageName(name: string): string | undefined {
  return /^(@[^/]+)\/[^/]+$/.exec(name)?.[1];
}
