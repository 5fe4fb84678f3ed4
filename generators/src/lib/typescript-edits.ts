import type { Tree } from '@nx/devkit';
import * as ts from 'typescript';
import { GeneratorInputError } from './input-error';
import { isCallTo, parse, propertyInitializer } from './workspace-topics';

// Small text edits at positions found with the TypeScript parser: the rest of a file the user may
// have changed stays byte for byte as it was (formatFiles tidies what we insert).

export interface NamedImport {
  name: string;
  /** `name as alias`: the local name. */
  alias?: string;
  /** `type Foo` inside the braces. */
  typeOnly?: boolean;
}

/** Adds names to the file's import from `module`, or a new import after the last one. */
export function addNamedImports(tree: Tree, file: string, module: string, imports: readonly NamedImport[]): void {
  const source = parse(tree, file);
  const declarations = source.statements.filter(ts.isImportDeclaration);
  const existing = declarations.find(
    (d) => ts.isStringLiteral(d.moduleSpecifier) && d.moduleSpecifier.text === module && !d.importClause?.isTypeOnly,
  );
  const bindings = existing?.importClause?.namedBindings;
  if (existing && bindings && ts.isNamedImports(bindings)) {
    const present = new Set(bindings.elements.map((element) => element.name.text));
    const missing = imports.filter((i) => !present.has(i.alias ?? i.name)).map(importText);
    if (missing.length === 0) return;
    const last = bindings.elements[bindings.elements.length - 1];
    const position = last ? last.end : bindings.getStart() + 1;
    insert(tree, file, position, `${last ? ', ' : ' '}${missing.join(', ')}`);
    return;
  }
  const line = `import { ${imports.map(importText).join(', ')} } from '${module}';\n`;
  const after = declarations[declarations.length - 1];
  if (after) insert(tree, file, after.end, `\n${line.trimEnd()}`);
  else insert(tree, file, 0, line);
}

function importText(i: NamedImport): string {
  const name = i.alias && i.alias !== i.name ? `${i.name} as ${i.alias}` : i.name;
  return i.typeOnly ? `type ${name}` : name;
}

/** Where an array literal sits in a file, for appendToArray. */
export type ArrayLocator = { description: string; find: (source: ts.SourceFile) => ts.ArrayLiteralExpression | undefined };

/** `const <name> = [...]` or `const <name>: T[] = [...]`. */
export function arrayVariable(name: string): ArrayLocator {
  return {
    description: `const ${name} = [...]`,
    find: (source) => findNode(source, (node): node is ts.ArrayLiteralExpression =>
      ts.isArrayLiteralExpression(node) &&
      ts.isVariableDeclaration(node.parent) &&
      ts.isIdentifier(node.parent.name) &&
      node.parent.name.text === name),
  };
}

/** `<property>: [...]` inside the first object literal passed to `<callee>(...)` (e.g. `Module`, `defineCatalog`). */
export function arrayPropertyOfCall(callee: string, property: string): ArrayLocator {
  return {
    description: `${callee}({ ${property}: [...] })`,
    find: (source) => {
      const call = findNode(source, (node): node is ts.CallExpression => isCallTo(node, callee));
      const options = call?.arguments[0];
      if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
      const value = propertyInitializer(options, property);
      return value && ts.isArrayLiteralExpression(value) ? value : undefined;
    },
  };
}

/** The array literal argument of `<callee>(..., [...])`, e.g. `mergeCatalogs(service, [catalog])`. */
export function arrayArgumentOfCall(callee: string): ArrayLocator {
  return {
    description: `${callee}(..., [...])`,
    find: (source) => {
      const call = findNode(source, (node): node is ts.CallExpression => isCallTo(node, callee));
      return call?.arguments.find(ts.isArrayLiteralExpression);
    },
  };
}

/** Appends `element` unless an element with the same text is there already. */
export function appendToArray(tree: Tree, file: string, locator: ArrayLocator, element: string): void {
  const array = locator.find(parse(tree, file));
  if (!array) throw cannotEdit(file, locator.description, element);
  if (array.elements.some((e) => e.getText() === element)) return;
  const last = array.elements[array.elements.length - 1];
  if (last) insert(tree, file, last.end, `, ${element}`);
  else insert(tree, file, array.elements.pos, element);
}

/**
 * Appends `element` to `<property>: [...]` in the first object literal passed to `<callee>(...)`,
 * and adds `<property>: [element]` when the object has no such property: a hand-written
 * `@Module({...})` often leaves out the lists it does not need (the reference services declare no
 * providers). A property that is there but not an array literal is not ours to rewrite.
 */
export function appendToArrayProperty(
  tree: Tree,
  file: string,
  callee: string,
  property: string,
  element: string,
): void {
  const options = objectArgumentOfCall(parse(tree, file), callee);
  if (options && !propertyInitializer(options, property)) {
    const last = options.properties[options.properties.length - 1];
    if (last) insert(tree, file, last.end, `, ${property}: [${element}]`);
    else insert(tree, file, options.properties.pos, `${property}: [${element}]`);
    return;
  }
  appendToArray(tree, file, arrayPropertyOfCall(callee, property), element);
}

/** What appendToArrayProperty needs: the object literal, its `<property>` absent or an array literal. */
export function arrayPropertyTarget(file: string, callee: string, property: string): EditTarget {
  const locator = arrayPropertyOfCall(callee, property);
  return {
    file,
    description: `${callee}({ ${property}: [...] }) (or ${callee}({...}) without ${property})`,
    find: (source) => {
      const options = objectArgumentOfCall(source, callee);
      if (!options) return undefined;
      return propertyInitializer(options, property) ? locator.find(source) : options;
    },
  };
}

function objectArgumentOfCall(
  source: ts.SourceFile,
  callee: string,
): ts.ObjectLiteralExpression | undefined {
  const call = findNode(source, (node): node is ts.CallExpression => isCallTo(node, callee));
  const options = call?.arguments[0];
  return options && ts.isObjectLiteralExpression(options) ? options : undefined;
}

/** Inserts a member before the closing brace of `class <name>`. */
export function addClassMember(tree: Tree, file: string, className: string, member: string): void {
  const source = parse(tree, file);
  const declaration = findNode(source, (node): node is ts.ClassDeclaration => ts.isClassDeclaration(node) && node.name?.text === className);
  if (!declaration) throw cannotEdit(file, `class ${className}`, member.trim().split('\n')[0]);
  insert(tree, file, declaration.end - 1, `\n${member}\n`);
}

/** Inserts `text` before the first top-level statement `matches` accepts. */
export function insertBeforeStatement(
  tree: Tree,
  file: string,
  description: string,
  matches: (statement: ts.Statement) => boolean,
  text: string,
): void {
  const statement = parse(tree, file).statements.find(matches);
  if (!statement) throw cannotEdit(file, description, text.trim().split('\n')[0]);
  insert(tree, file, statement.getFullStart(), `\n\n${text}\n`);
}

/** Does the file have a decorator call like `@EventPattern('<argument>')`? */
export function hasDecoratorWithArgument(tree: Tree, file: string, decorator: string, argument: string): boolean {
  const source = parse(tree, file);
  return Boolean(
    findNode(source, (node): node is ts.CallExpression =>
      isCallTo(node, decorator) && node.arguments.some((a) => ts.isStringLiteralLike(a) && a.text === argument)),
  );
}

function findNode<T extends ts.Node>(root: ts.Node, predicate: (node: ts.Node) => node is T): T | undefined {
  let found: T | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (predicate(node)) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

function insert(tree: Tree, file: string, position: number, text: string): void {
  const content = tree.read(file, 'utf-8') ?? '';
  tree.write(file, `${content.slice(0, position)}${text}${content.slice(position)}`);
}

function cannotEdit(file: string, what: string, addition: string): GeneratorInputError {
  return new GeneratorInputError(
    `Cannot find ${what} in ${file} (was it renamed?), so the generator cannot add "${addition}" there. Restore it or add that by hand; nothing was written.`,
    what,
  );
}

/** Something an edit will need: checked for every edit before the first one writes anything. */
export interface EditTarget {
  file: string;
  description: string;
  find: (source: ts.SourceFile) => ts.Node | undefined;
}

export function arrayTarget(file: string, locator: ArrayLocator): EditTarget {
  return { file, description: locator.description, find: locator.find };
}

export function classTarget(file: string, className: string): EditTarget {
  return {
    file,
    description: `class ${className}`,
    find: (source) => findNode(source, (node): node is ts.ClassDeclaration => ts.isClassDeclaration(node) && node.name?.text === className),
  };
}

export function statementTarget(file: string, description: string, matches: (statement: ts.Statement) => boolean): EditTarget {
  return { file, description, find: (source) => source.statements.find(matches) };
}

/**
 * Refuses before writing when a file the generator edits no longer has what it edits (the user
 * renamed or restructured it): a half-applied generator would leave the service inconsistent.
 */
export function assertEditable(tree: Tree, targets: readonly EditTarget[]): void {
  for (const target of targets) {
    if (!tree.exists(target.file)) {
      throw new GeneratorInputError(`${target.file} does not exist, so the generator cannot edit it. Restore it; nothing was written.`, target.file);
    }
    if (!target.find(parse(tree, target.file))) {
      throw new GeneratorInputError(
        `Cannot find ${target.description} in ${target.file} (was it renamed?), so the generator cannot add to it. Restore it or make the change by hand; nothing was written.`,
        target.description,
      );
    }
  }
}
