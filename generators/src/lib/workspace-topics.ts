import { joinPathFragments, type Tree } from '@nx/devkit';
import { posix } from 'node:path';
import * as ts from 'typescript';

/** Where services declare the topics they own (the same convention tools/topics loads). */
export const CATALOG_FILE = 'src/topic-catalog.ts';

/** A topic some service's catalog declares, and where its contract lives. */
export interface DeclaredTopic {
  name: string;
  /** The owning app's directory name, e.g. `orders-service`. */
  app: string;
  appRoot: string;
  catalogFile: string;
  /** The exported catalog constant, usually `catalog`. */
  catalogExport: string;
  /** The exported `defineTopic(...)` constant, when the topic has one (typed producer sends). */
  definitionExport?: string;
  /**
   * The zod schema, when it is imported from a module of its own (the event contract), and whether
   * that module also exports a type of the same name (`export type OrderCreated = z.infer<...>`).
   */
  schema?: { exportName: string; file: string; exportsType: boolean };
  /** `<schema>Example` exported beside the schema: a valid event the tests can send. */
  exampleExport?: string;
}

/**
 * Reads every `apps/<app>/src/topic-catalog.ts` in the tree without running it (generators see a
 * virtual tree): the `name` of each `defineTopic({...})` call, the constant it is exported as and
 * the module its schema comes from. Names that are not string literals are skipped.
 */
export function findDeclaredTopics(tree: Tree): DeclaredTopic[] {
  if (!tree.exists('apps')) return [];
  const topics: DeclaredTopic[] = [];
  for (const app of tree.children('apps').sort()) {
    const catalogFile = joinPathFragments('apps', app, CATALOG_FILE);
    if (!tree.exists(catalogFile)) continue;
    topics.push(...readCatalog(tree, app, catalogFile));
  }
  return topics;
}

function readCatalog(tree: Tree, app: string, catalogFile: string): DeclaredTopic[] {
  const source = parse(tree, catalogFile);
  const imports = importedNames(source);
  let catalogExport = 'catalog';
  const found: DeclaredTopic[] = [];
  const visit = (node: ts.Node, exportedAs?: string): void => {
    if (ts.isVariableStatement(node) && isExported(node)) {
      for (const declaration of node.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        if (isCallTo(declaration.initializer, 'defineCatalog')) catalogExport = declaration.name.text;
        visit(declaration.initializer, declaration.name.text);
      }
      return;
    }
    if (ts.isCallExpression(node) && isCallTo(node, 'defineTopic')) {
      const topic = describeTopic(tree, node, imports, catalogFile);
      if (topic) found.push({ ...topic, app, appRoot: `apps/${app}`, catalogFile, catalogExport: '', definitionExport: exportedAs });
      return;
    }
    ts.forEachChild(node, (child) => visit(child));
  };
  ts.forEachChild(source, (child) => visit(child));
  return found.map((topic) => ({ ...topic, catalogExport }));
}

function describeTopic(
  tree: Tree,
  call: ts.CallExpression,
  imports: Map<string, string>,
  catalogFile: string,
): Pick<DeclaredTopic, 'name' | 'schema' | 'exampleExport'> | undefined {
  const options = call.arguments[0];
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  const name = propertyInitializer(options, 'name');
  if (!name || !ts.isStringLiteralLike(name)) return undefined;
  const schema = propertyInitializer(options, 'schema');
  if (!schema || !ts.isIdentifier(schema)) return { name: name.text };
  const specifier = imports.get(schema.text);
  if (!specifier?.startsWith('.')) return { name: name.text };
  const file = `${posix.join(posix.dirname(catalogFile), specifier)}.ts`;
  if (!tree.exists(file)) return { name: name.text };
  const contract = parse(tree, file);
  const exampleName = exampleNameFor(schema.text);
  const exampleExport = exportedConstants(contract).has(exampleName) ? exampleName : undefined;
  const exportsType = exportedTypes(contract).has(schema.text);
  return { name: name.text, schema: { exportName: schema.text, file, exportsType }, exampleExport };
}

/** `OrderCreated` → `orderCreatedExample`: the example a contract exports beside its schema. */
export function exampleNameFor(schemaExport: string): string {
  return `${schemaExport.charAt(0).toLowerCase()}${schemaExport.slice(1)}Example`;
}

/** A saga topic (`<domain>.<entity>.replies|commands`) some service's catalog declares. */
export interface DeclaredSagaTopic {
  name: string;
  catalogFile: string;
}

/**
 * The names of the `sagaReplyTopic({...})` and `sagaCommandTopic({...})` calls in every catalog,
 * which findDeclaredTopics (events only) leaves out. The reference services name them with a
 * constant (`name: ORDER_REPLIES_TOPIC`), so a constant of the catalog or of a module it imports
 * relatively is followed to its string literal.
 */
export function findDeclaredSagaTopics(tree: Tree): DeclaredSagaTopic[] {
  if (!tree.exists('apps')) return [];
  const found: DeclaredSagaTopic[] = [];
  for (const app of tree.children('apps').sort()) {
    const catalogFile = joinPathFragments('apps', app, CATALOG_FILE);
    if (!tree.exists(catalogFile)) continue;
    const source = parse(tree, catalogFile);
    const imports = importedNames(source);
    const visit = (node: ts.Node): void => {
      if (isCallTo(node, 'sagaReplyTopic') || isCallTo(node, 'sagaCommandTopic')) {
        const options = node.arguments[0];
        const value = options && ts.isObjectLiteralExpression(options) ? propertyInitializer(options, 'name') : undefined;
        const name = value && stringValue(tree, source, value, imports, catalogFile);
        if (name) found.push({ name, catalogFile });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function stringValue(tree: Tree, source: ts.SourceFile, value: ts.Expression, imports: Map<string, string>, file: string): string | undefined {
  if (ts.isStringLiteralLike(value)) return value.text;
  if (!ts.isIdentifier(value)) return undefined;
  const local = constantString(source, value.text);
  if (local !== undefined) return local;
  const specifier = imports.get(value.text);
  const module = specifier?.startsWith('.') ? `${posix.join(posix.dirname(file), specifier)}.ts` : undefined;
  return module && tree.exists(module) ? constantString(parse(tree, module), value.text) : undefined;
}

/** `const <name> = '<literal>'` at the top level of the file. */
function constantString(source: ts.SourceFile, name: string): string | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer && ts.isStringLiteralLike(declaration.initializer)) {
        return declaration.initializer.text;
      }
    }
  }
  return undefined;
}

export function parse(tree: Tree, file: string): ts.SourceFile {
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new Error(`${file} does not exist.`);
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** Local name → module specifier, for named imports. */
function importedNames(source: ts.SourceFile): Map<string, string> {
  const result = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) result.set(element.name.text, statement.moduleSpecifier.text);
  }
  return result;
}

export function exportedConstants(source: ts.SourceFile): Set<string> {
  const result = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement) || !isExported(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) result.add(declaration.name.text);
    }
  }
  return result;
}

/**
 * Type aliases and interfaces the module exports, declared exported or listed in a local
 * `export { ... }`. Re-exports from other modules are not followed: a type missed here only makes
 * a generated handler spell the payload `z.infer<typeof Schema>`, which is right either way.
 */
function exportedTypes(source: ts.SourceFile): Set<string> {
  const declared = new Map<string, boolean>();
  for (const statement of source.statements) {
    if (ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) {
      declared.set(statement.name.text, isExported(statement));
    }
  }
  const result = new Set([...declared].filter(([, exported]) => exported).map(([name]) => name));
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier) continue;
    const clause = statement.exportClause;
    if (!clause || !ts.isNamedExports(clause)) continue;
    for (const element of clause.elements) {
      if (declared.has((element.propertyName ?? element.name).text)) result.add(element.name.text);
    }
  }
  return result;
}

function isExported(
  node: ts.VariableStatement | ts.TypeAliasDeclaration | ts.InterfaceDeclaration,
): boolean {
  return node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

export function isCallTo(node: ts.Node, name: string): node is ts.CallExpression {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name;
}

export function propertyInitializer(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText() === name) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
  }
  return undefined;
}
