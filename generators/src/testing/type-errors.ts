import type { Tree } from '@nx/devkit';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * Type-checks files of a generator's tree as if they were in this repository, with the compiler
 * options of a generated service's tsconfig.json: a file the tree has is read from the tree, any
 * other from the repo on disk (node_modules, libs), except under apps/, which is the tree's alone
 * (the reference services on disk must not stand in for what the generator did not write).
 * Returns the errors in those files as `path(line,col): message`, so a test expects `[]` and
 * reads what broke if not.
 */
export function typeErrors(tree: Tree, files: readonly string[]): string[] {
  const base = ts.readConfigFile(join(REPO_ROOT, 'tsconfig.base.json'), ts.sys.readFile).config as {
    compilerOptions: object;
  };
  const { options } = ts.parseJsonConfigFileContent(
    { compilerOptions: { ...base.compilerOptions, noEmit: true, types: ['node', 'jest'] } },
    ts.sys,
    REPO_ROOT,
  );
  /** The tree's path of a file or directory inside the repo; undefined outside it. */
  const treePath = (name: string): string | undefined => {
    const path = relative(REPO_ROOT, name).split('\\').join('/');
    return path.startsWith('..') ? undefined : path;
  };
  const treeOnly = (path: string): boolean => path === 'apps' || path.startsWith('apps/');
  const treeFile = (name: string): string | undefined => {
    const path = treePath(name);
    return path !== undefined && tree.exists(path) && tree.isFile(path) ? path : undefined;
  };
  const host = ts.createCompilerHost(options);
  host.fileExists = (name) => {
    if (treeFile(name)) return true;
    const path = treePath(name);
    return path !== undefined && treeOnly(path) ? false : ts.sys.fileExists(name);
  };
  host.directoryExists = (name) => {
    const path = treePath(name);
    if (path !== undefined && treeOnly(path)) return tree.exists(path) && !tree.isFile(path);
    return ts.sys.directoryExists(name);
  };
  host.readFile = (name) => {
    const path = treeFile(name);
    if (path) return tree.read(path, 'utf-8') ?? undefined;
    return host.fileExists(name) ? ts.sys.readFile(name) : undefined;
  };
  host.getSourceFile = (name, languageVersion) => {
    const text = host.readFile(name);
    return text === undefined ? undefined : ts.createSourceFile(name, text, languageVersion, true);
  };
  const roots = files.map((file) => join(REPO_ROOT, file));
  const program = ts.createProgram(roots, options, host);
  return roots.flatMap((root) => {
    const file = relative(REPO_ROOT, root);
    const source = program.getSourceFile(root);
    if (!source) return [`${file}: not found`];
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    return diagnostics.map((diagnostic) => {
      const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      return `${file}(${line + 1},${character + 1}): ${message}`;
    });
  });
}
