import { RenameUsageError } from './errors';
import { checkScope, scopeOfPackageName } from './scope';

function problem(scope: string): string {
  try {
    checkScope(scope);
  } catch (error) {
    if (error instanceof RenameUsageError) return error.message;
    throw error;
  }
  throw new Error(`expected "${scope}" to be refused`);
}

describe('checkScope', () => {
  it.each(['@acme', '@acme-corp', '@a1', '@my.org', '@my_org', '@~tilde', '@-dash'])(
    'accepts %s',
    (scope) => {
      expect(checkScope(scope)).toBe(scope);
    },
  );

  it.each<[string, string]>([
    ['', '--scope needs a value, e.g. --scope @acme.'],
    ['acme', 'Invalid scope "acme": an npm scope starts with @, e.g. --scope @acme.'],
    [
      '@acme/app',
      'Invalid scope "@acme/app": a scope is only the part before the /, e.g. --scope @acme (the packages become @acme/kafka, @acme/naming, ...).',
    ],
    ['@Acme', 'Invalid scope "@Acme": npm scopes are lowercase, e.g. --scope @acme.'],
    [
      '@ac me',
      'Invalid scope "@ac me": use lowercase letters, digits and - . _ ~, not starting with . or _, e.g. --scope @acme.',
    ],
    [
      '@.acme',
      'Invalid scope "@.acme": use lowercase letters, digits and - . _ ~, not starting with . or _, e.g. --scope @acme.',
    ],
    [
      '@_acme',
      'Invalid scope "@_acme": use lowercase letters, digits and - . _ ~, not starting with . or _, e.g. --scope @acme.',
    ],
    [
      '@',
      'Invalid scope "@": use lowercase letters, digits and - . _ ~, not starting with . or _, e.g. --scope @acme.',
    ],
  ])('refuses %p: %s', (scope, message) => {
    expect(problem(scope)).toBe(message);
  });
});

describe('scopeOfPackageName', () => {
  it('reads the scope of a scoped name', () => {
    expect(scopeOfPackageName('@acme/source')).toBe('@acme');
  });

  it.each(['source', '@acme', '@acme/a/b', ''])('finds no scope in %p', (name) => {
    expect(scopeOfPackageName(name)).toBeUndefined();
  });
});
