/**
 * @module Reading Bicep without the Bicep CLI (it cannot be installed from npm; see
 * ../shared/notes/functions.md §8): `tree-sitter-bicep`'s grammar parses every file, and these
 * helpers read declarations out of the syntax tree — resources by type, object properties,
 * string lists, params, modules — so tests can check what the templates say.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import Parser from "tree-sitter";
import Bicep from "tree-sitter-bicep";

type Node = Parser.SyntaxNode;

export const REPO = resolve(import.meta.dirname, "../..");
export const INFRA = join(REPO, "infra");

const parser = new Parser();
parser.setLanguage(Bicep as unknown as Parser.Language);

export interface BicepFile {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly root: Node;
}

/** Every `.bicep` file under infra/, parsed. */
export function bicepFiles(dir: string = INFRA): BicepFile[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".bicep"))
    .sort()
    .map((name) => parseBicepFile(join(dir, name)));
}

export function parseBicepFile(file: string): BicepFile {
  return { path: relative(REPO, file), root: parseBicep(readFileSync(file, "utf8")) };
}

export function parseBicep(text: string): Node {
  return parser.parse(text).rootNode;
}

/** `line:column text` of every syntax error or missing token; empty when the file parses. */
export function syntaxErrors(root: Node): string[] {
  const found: string[] = [];
  const walk = (node: Node): void => {
    if (node.type === "ERROR" || node.isMissing) {
      const { row, column } = node.startPosition;
      found.push(`${row + 1}:${column + 1} ${node.isMissing ? `missing ${node.type}` : node.text}`);
      return;
    }
    for (const child of node.children) walk(child);
  };
  walk(root);
  return found;
}

/** The text of a plain string literal (no interpolation), else undefined. */
export function stringValue(node: Node | undefined): string | undefined {
  if (node?.type !== "string") return undefined;
  if (node.namedChildren.some((child) => child.type !== "string_content")) return undefined;
  return node.namedChildren.map((child) => child.text).join("");
}

/** The value node of `key: value` in an object node. */
export function property(object: Node | undefined, key: string): Node | undefined {
  if (object?.type !== "object") return undefined;
  for (const entry of object.namedChildren) {
    if (entry.type !== "object_property") continue;
    const [name, value] = entry.namedChildren;
    const text = name?.type === "string" ? stringValue(name) : name?.text;
    if (text === key) return value;
  }
  return undefined;
}

/** Follows a path of keys through nested objects (through an array: its first element). */
export function path(object: Node | undefined, ...keys: string[]): Node | undefined {
  let node = object;
  for (const key of keys) {
    if (node?.type === "array") node = node.namedChildren[0];
    node = property(node, key);
  }
  return node;
}

/** Keys of an object node, in order. */
export function keys(object: Node | undefined): string[] {
  if (object?.type !== "object") return [];
  return object.namedChildren
    .filter((entry) => entry.type === "object_property")
    .map((entry) => {
      const name = entry.namedChildren[0];
      return (name?.type === "string" ? stringValue(name) : name?.text) ?? "";
    });
}

/** The plain string elements of an array node (undefined if any element is not one). */
export function stringList(node: Node | undefined): string[] | undefined {
  if (node?.type !== "array") return undefined;
  const values = node.namedChildren.map(stringValue);
  return values.every((value): value is string => value !== undefined) ? values : undefined;
}

export interface Declaration {
  readonly symbol: string;
  /** Resource type with API version, or module path. */
  readonly target: string;
  /** The body object (the loop body for `[for …]`, the value of `if (…)`). */
  readonly body: Node | undefined;
}

function declarations(root: Node, type: string): Declaration[] {
  return root.namedChildren
    .filter((node) => node.type === type)
    .map((node) => {
      const [symbol, target, value] = node.namedChildren;
      return { symbol: symbol?.text ?? "", target: stringValue(target) ?? "", body: body(value) };
    });
}

function body(value: Node | undefined): Node | undefined {
  if (value === undefined || value.type === "object") return value;
  return value.namedChildren.find((child) => child.type === "object");
}

/** `resource` declarations whose type (before `@`) is `type`, case-insensitive. */
export function resources(root: Node, type: string): Declaration[] {
  return declarations(root, "resource_declaration").filter(
    (r) => r.target.split("@")[0]?.toLowerCase() === type.toLowerCase(),
  );
}

export function modules(root: Node): Declaration[] {
  return declarations(root, "module_declaration");
}

/** The value node of `var name = …`. */
export function variable(root: Node, name: string): Node | undefined {
  const declaration = root.namedChildren.find(
    (node) => node.type === "variable_declaration" && node.namedChildren[0]?.text === name,
  );
  return declaration?.namedChildren.at(-1);
}

export interface Param {
  readonly name: string;
  readonly hasDefault: boolean;
}

export function params(root: Node): Param[] {
  return root.namedChildren
    .filter((node) => node.type === "parameter_declaration")
    .map((node) => ({
      name: node.namedChildren[0]?.text ?? "",
      hasDefault: node.namedChildren.length > 2,
    }));
}

/**
 * What the Bicep compiler would reject in module wiring: a module path that does not exist, a
 * param passed that the module does not declare, a required param not passed.
 */
export function moduleWiringProblems(file: BicepFile): string[] {
  return modules(file.root).flatMap((module) => {
    const target = join(REPO, dirname(file.path), module.target);
    let declared: Param[];
    try {
      declared = params(parseBicepFile(target).root);
    } catch {
      return [`${file.path}: module ${module.symbol}: no file ${module.target}`];
    }
    const passed = keys(property(module.body, "params"));
    const unknown = passed.filter((name) => !declared.some((p) => p.name === name));
    const missing = declared.filter((p) => !p.hasDefault && !passed.includes(p.name));
    return [
      ...unknown.map((name) => `${file.path}: module ${module.symbol}: unknown param ${name}`),
      ...missing.map((p) => `${file.path}: module ${module.symbol}: param ${p.name} not passed`),
    ];
  });
}

/**
 * The role definition ids the file's role assignments use: the last argument of
 * `subscriptionResourceId('Microsoft.Authorization/roleDefinitions', <id>)`, resolved through a
 * variable (`costReader`) or a property of an object variable (`roles.blobOwner`); a loop over a
 * list variable (`for role in storageRoles`) yields each element. Unresolvable ids (a param) are
 * returned as their expression text.
 */
export function roleAssignmentIds(root: Node): string[] {
  const resolve = (node: Node | undefined): string[] => {
    if (node === undefined) return [];
    if (node.type === "string") return [stringValue(node) ?? node.text];
    if (node.type === "identifier") {
      const value = variable(root, node.text);
      if (value === undefined) return [node.text];
      return value.type === "array" ? value.namedChildren.flatMap(resolve) : resolve(value);
    }
    if (node.type === "member_expression") {
      const object = variable(root, node.namedChildren[0]?.text ?? "");
      return resolve(property(object, node.namedChildren[1]?.text ?? ""));
    }
    return [node.text];
  };
  return resources(root, "Microsoft.Authorization/roleAssignments").flatMap((assignment) => {
    const id = path(assignment.body, "properties", "roleDefinitionId");
    const args = id?.childForFieldName("arguments")?.namedChildren ?? [];
    const last = args.at(-1);
    // `for role in list: …` — the id is the loop variable: resolve the list instead.
    const loop = assignmentLoopList(root, assignment.symbol);
    return loop !== undefined && last?.text === loop.variable ? resolve(loop.list) : resolve(last);
  });
}

function assignmentLoopList(
  root: Node,
  symbol: string,
): { variable: string; list: Node | undefined } | undefined {
  const declaration = root.namedChildren.find(
    (node) => node.type === "resource_declaration" && node.namedChildren[0]?.text === symbol,
  );
  const loop = declaration?.namedChildren.find((child) => child.type === "for_statement");
  if (loop === undefined) return undefined;
  const [variableNode, list] = loop.namedChildren;
  return { variable: variableNode?.text ?? "", list };
}
