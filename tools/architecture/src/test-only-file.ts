/**
 * Files that only tests load: specs, their helpers and the fixture processes they spawn. An import
 * of a testing lib is legitimate there (and only there); everything else is the project's runtime
 * code, held to the production rules.
 */
export function isTestOnlyFile(path: string): boolean {
  return (
    /\.spec\.[cm]?[jt]s$/.test(path) ||
    /\.spec-helper\.[cm]?[jt]s$/.test(path) ||
    /\.fixture\.[cm]?[jt]s$/.test(path) ||
    path.split('/').includes('fixtures')
  );
}
