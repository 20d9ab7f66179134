import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import { GLOBAL_INDEXES } from '../../../functions/store/table-design.js';

/**
 * What a set of adapter methods sends to DynamoDB, read from the source: the `new XCommand(...)`
 * expressions and the index names reachable from the given methods of a class, following calls to
 * other members (`this.x`), to functions of the same file and to functions imported from relative
 * modules. Method-level precision: a method that can query two indexes counts both.
 */
export interface DynamoDbUsage {
  actions: string[];
  indexes: string[];
}

/** SDK command class → the IAM action it needs (lib-dynamodb and client-dynamodb names). */
const ACTION_OF_COMMAND: Record<string, string> = {
  Get: 'dynamodb:GetItem',
  GetItem: 'dynamodb:GetItem',
  BatchGet: 'dynamodb:BatchGetItem',
  BatchGetItem: 'dynamodb:BatchGetItem',
  Query: 'dynamodb:Query',
  Put: 'dynamodb:PutItem',
  PutItem: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  UpdateItem: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  DeleteItem: 'dynamodb:DeleteItem',
  BatchWrite: 'dynamodb:BatchWriteItem',
  BatchWriteItem: 'dynamodb:BatchWriteItem',
  Scan: 'dynamodb:Scan',
};
const INDEX_NAMES = new Set<string>(GLOBAL_INDEXES.map((index) => index.indexName));

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) {
    source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    parsed.set(file, source);
  }
  return source;
}

/** Member names of an interface (a port) declared in `file`. */
export function interfaceMembers(file: string, name: string): string[] {
  const source = parse(file);
  const declaration = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === name,
  );
  if (!declaration) throw new Error(`no interface ${name} in ${file}`);
  return declaration.members.flatMap((member) =>
    member.name && ts.isIdentifier(member.name) ? [member.name.text] : [],
  );
}

/** Top-level functions and const initialisers of a file, by name. */
function topLevel(source: ts.SourceFile): Map<string, ts.Node> {
  const found = new Map<string, ts.Node>();
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      found.set(statement.name.text, statement);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) {
          found.set(declaration.name.text, declaration.initializer);
        }
      }
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      found.set(statement.name.text, statement);
    }
  }
  return found;
}

/** Named imports from relative modules: local name → [resolved file, exported name]. */
function relativeImports(source: ts.SourceFile): Map<string, [string, string]> {
  const found = new Map<string, [string, string]>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) {
      continue;
    }
    const specifier = statement.moduleSpecifier.text;
    if (!specifier.startsWith('.')) continue;
    const file = resolve(dirname(source.fileName), specifier.replace(/\.js$/, '.ts'));
    if (!existsSync(file)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        found.set(element.name.text, [file, (element.propertyName ?? element.name).text]);
      }
    }
  }
  return found;
}

export function dynamoDbUsage(file: string, className: string, methods: string[]): DynamoDbUsage {
  const commands = new Set<string>();
  const indexes = new Set<string>();
  const visited = new Set<ts.Node>();

  const source = parse(file);
  const cls = topLevel(source).get(className);
  if (!cls || !ts.isClassDeclaration(cls)) throw new Error(`no class ${className} in ${file}`);
  const members = new Map<string, ts.Node>();
  for (const member of cls.members) {
    if (member.name && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))) {
      members.set(member.name.text, member);
    }
  }

  const walk = (node: ts.Node, from: ts.SourceFile): void => {
    if (visited.has(node)) return;
    visited.add(node);
    const locals = topLevel(from);
    const imports = relativeImports(from);
    const visit = (child: ts.Node): void => {
      if (ts.isNewExpression(child)) {
        const callee = child.expression;
        const name = ts.isIdentifier(callee)
          ? callee.text
          : ts.isPropertyAccessExpression(callee)
            ? callee.name.text
            : '';
        if (name.endsWith('Command')) commands.add(name.slice(0, -'Command'.length));
      }
      if (ts.isStringLiteralLike(child) && INDEX_NAMES.has(child.text)) indexes.add(child.text);
      if (
        ts.isPropertyAccessExpression(child) &&
        child.expression.kind === ts.SyntaxKind.ThisKeyword
      ) {
        const member = members.get(child.name.text);
        if (member && from === source) walk(member, source);
      }
      if (ts.isIdentifier(child) && !ts.isPropertyAccessExpression(child.parent)) {
        const local = locals.get(child.text);
        if (local && local !== cls) walk(local, from);
        const imported = imports.get(child.text);
        if (imported) {
          const [importedFile, exported] = imported;
          const target = topLevel(parse(importedFile)).get(exported);
          if (target && !ts.isClassDeclaration(target)) walk(target, parse(importedFile));
        }
      }
      ts.forEachChild(child, visit);
    };
    ts.forEachChild(node, visit);
  };

  for (const method of methods) {
    const member = members.get(method);
    if (!member) throw new Error(`${className} has no member ${method}`);
    walk(member, source);
  }
  const unmapped = [...commands].filter((command) => !ACTION_OF_COMMAND[command]);
  if (unmapped.length > 0) {
    throw new Error(`no IAM action known for ${unmapped.map((c) => `${c}Command`).join(', ')}`);
  }
  return {
    actions: [
      ...new Set([...commands].map((command) => ACTION_OF_COMMAND[command] as string)),
    ].sort(),
    indexes: [...indexes].sort(),
  };
}
