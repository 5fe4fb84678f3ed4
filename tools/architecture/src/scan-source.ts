import * as ts from 'typescript';

/** Where a value written in the source comes from, before it is resolved. */
export type ValueRef =
  | { kind: 'literal'; value: string }
  | { kind: 'import'; module: string; name: string }
  | { kind: 'local'; name: string }
  | { kind: 'unknown'; text: string };

/** `const x = defineCommand({ topic, type })` in the scanned file. */
export interface LocalCommand {
  topic: ValueRef;
  type: ValueRef;
}

/** What one source file says about topics, unresolved: the parser reads it, nothing is run. */
export interface SourceFacts {
  /** Arguments of `@EventPattern(...)`. */
  eventPatterns: ValueRef[];
  /** Arguments of `@SagaCommandHandler(...)`. */
  commandHandlers: ValueRef[];
  /** `replyTopic` of each `saga({ ... })` call. */
  sagaReplyTopics: ValueRef[];
  /** Receivers of `x.with(...)` in a file that defines a saga: the commands its steps send. */
  commandsSent: ValueRef[];
  /** `const X = <literal or identifier>` declarations, for resolving local names. */
  constants: Map<string, ValueRef>;
  commands: Map<string, LocalCommand>;
}

export function scanSource(fileName: string, text: string): SourceFacts {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const { named, namespaces } = collectImports(source);
  const facts: SourceFacts = {
    eventPatterns: [],
    commandHandlers: [],
    sagaReplyTopics: [],
    commandsSent: [],
    constants: new Map(),
    commands: new Map(),
  };
  const withReceivers: ValueRef[] = [];

  const refOf = (expression: ts.Expression): ValueRef => {
    const e = unwrap(expression);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e))
      return { kind: 'literal', value: e.text };
    if (ts.isIdentifier(e)) {
      const imported = named.get(e.text);
      return imported ? { kind: 'import', ...imported } : { kind: 'local', name: e.text };
    }
    if (
      ts.isPropertyAccessExpression(e) &&
      ts.isIdentifier(e.expression) &&
      namespaces.has(e.expression.text)
    ) {
      return {
        kind: 'import',
        module: namespaces.get(e.expression.text) as string,
        name: e.name.text,
      };
    }
    return { kind: 'unknown', text: e.getText(source) };
  };

  const visit = (node: ts.Node): void => {
    if (ts.isDecorator(node) && ts.isCallExpression(node.expression)) {
      const [argument] = node.expression.arguments;
      const name = calleeName(node.expression);
      if (argument && name === 'EventPattern') facts.eventPatterns.push(refOf(argument));
      if (argument && name === 'SagaCommandHandler') facts.commandHandlers.push(refOf(argument));
    } else if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name === 'saga') {
        const replyTopic = propertyOf(node.arguments[0], 'replyTopic');
        if (replyTopic) facts.sagaReplyTopics.push(refOf(replyTopic));
      } else if (name === 'with' && ts.isPropertyAccessExpression(node.expression)) {
        withReceivers.push(refOf(node.expression.expression));
      }
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const initializer = unwrap(node.initializer);
      if (ts.isCallExpression(initializer) && calleeName(initializer) === 'defineCommand') {
        const topic = propertyOf(initializer.arguments[0], 'topic');
        const type = propertyOf(initializer.arguments[0], 'type');
        if (topic && type)
          facts.commands.set(node.name.text, { topic: refOf(topic), type: refOf(type) });
      } else {
        const ref = refOf(initializer);
        if (ref.kind !== 'unknown') facts.constants.set(node.name.text, ref);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  // A saga's steps call command.with(...), maybe through helpers in the same file; `.with` elsewhere
  // (Array.prototype.with, say) is not a command sent.
  if (facts.sagaReplyTopics.length > 0) facts.commandsSent = withReceivers;
  return facts;
}

function collectImports(source: ts.SourceFile): {
  named: Map<string, { module: string; name: string }>;
  namespaces: Map<string, string>;
} {
  const named = new Map<string, { module: string; name: string }>();
  const namespaces = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const module = statement.moduleSpecifier.text;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) namespaces.set(bindings.name.text, module);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        named.set(element.name.text, { module, name: (element.propertyName ?? element.name).text });
      }
    }
  }
  return { named, namespaces };
}

/** `f(...)`, `ns.f(...)`, `f<T>(...)` → `f`. */
function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** `{ key: value }` or `{ key }` → the value expression. */
function propertyOf(argument: ts.Expression | undefined, key: string): ts.Expression | undefined {
  if (!argument || !ts.isObjectLiteralExpression(unwrap(argument))) return undefined;
  for (const property of (unwrap(argument) as ts.ObjectLiteralExpression).properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText() === key)
      return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === key)
      return property.name;
  }
  return undefined;
}

/** `(x)`, `x as const`, `x satisfies T`, `x!` → `x`. */
function unwrap(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isNonNullExpression(e)
  ) {
    e = e.expression;
  }
  return e;
}
