/**
 * @module The subset of the Kusto Query Language the Resource Graph emulation understands — just
 * enough for gpu-warden's discovery query and the official examples. Supported, exactly:
 *
 * ```
 * query     := table ("|" stage)*
 * table     := Resources                       (case-insensitive)
 * stage     := "where" condition ("and" condition)*
 *            | "project" column ("," column)*
 *            | ("order" | "sort") "by" key ("," key)*
 *            | ("limit" | "take") <integer>
 * condition := path op '<text>'                 (single or double quotes)
 * op        := == (case-sensitive) | =~ (case-insensitive) | != | !~ | contains | !contains
 *                                               (contains: case-insensitive substring)
 * path      := column ("." name)*               (e.g. properties.powerState.code)
 * key       := column ["asc" | "desc"]          (KQL default: desc)
 * ```
 *
 * Anything else (other tables, `extend`, `summarize`, `join`, `mv-expand`, functions, numbers or
 * booleans in conditions, `or`, parentheses, column aliases) is rejected with a message naming
 * the offending token; the service answers 400 with the ARM error envelope.
 */
import { err, ok, type Result } from "../core/result.js";

export type CompareOp = "==" | "=~" | "!=" | "!~" | "contains" | "!contains";
export interface Condition {
  readonly path: readonly string[];
  readonly op: CompareOp;
  readonly value: string;
}
export type Stage =
  | { readonly kind: "where"; readonly conditions: readonly Condition[] }
  | { readonly kind: "project"; readonly columns: readonly string[] }
  | { readonly kind: "order"; readonly keys: readonly { column: string; desc: boolean }[] }
  | { readonly kind: "limit"; readonly count: number };
export interface Query {
  readonly table: "Resources";
  readonly stages: readonly Stage[];
}

type Token = { kind: "word" | "string" | "number" | "symbol"; text: string; at: number };

const SUPPORTED =
  "the emulator supports: Resources | where <column> ==|=~|!=|!~|contains '<text>' [and …] | project <columns> | order by <column> [asc|desc] | limit <n>";

function tokenize(text: string): Result<Token[], string> {
  const tokens: Token[] = [];
  const re =
    /\s+|(?<word>[A-Za-z_][A-Za-z0-9_.-]*)|(?<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?<num>\d+)|(?<sym>==|=~|!=|!~|!contains\b|[|,=()<>+*/%[\]{}:;~!-])/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (m === null) return err(`unexpected '${text.slice(at, at + 12)}' at position ${at}`);
    const g = m.groups ?? {};
    if (g.word !== undefined) tokens.push({ kind: "word", text: g.word, at });
    else if (g.str !== undefined) tokens.push({ kind: "string", text: unquote(g.str), at });
    else if (g.num !== undefined) tokens.push({ kind: "number", text: g.num, at });
    else if (g.sym !== undefined) tokens.push({ kind: "symbol", text: g.sym, at });
    at = re.lastIndex;
  }
  return ok(tokens);
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, "$1");
}

/** Parses a query of the supported subset, or explains what is not supported. */
export function parseQuery(text: string): Result<Query, string> {
  const lexed = tokenize(text);
  if (!lexed.ok) return err(`${lexed.error}; ${SUPPORTED}`);
  const pipes: Token[][] = [[]];
  for (const t of lexed.value) {
    if (t.kind === "symbol" && t.text === "|") pipes.push([]);
    else pipes[pipes.length - 1]?.push(t);
  }
  const [head, ...rest] = pipes;
  if (
    head?.length !== 1 ||
    head[0]?.kind !== "word" ||
    head[0].text.toLowerCase() !== "resources"
  ) {
    return err(
      `expected the table 'Resources' first, got '${head?.map((t) => t.text).join(" ") ?? ""}'; ${SUPPORTED}`,
    );
  }
  const stages: Stage[] = [];
  for (const tokens of rest) {
    const stage = parseStage(tokens);
    if (!stage.ok) return err(`${stage.error}; ${SUPPORTED}`);
    stages.push(stage.value);
  }
  return ok({ table: "Resources", stages });
}

function parseStage(tokens: Token[]): Result<Stage, string> {
  const [first, ...args] = tokens;
  if (first === undefined) return err("empty pipeline stage");
  const word = first.text.toLowerCase();
  if (word === "where") return parseWhere(args);
  if (word === "project") return parseProject(args);
  if (word === "order" || word === "sort") return parseOrder(args);
  if (word === "limit" || word === "take") {
    const n = args[0];
    if (args.length !== 1 || n?.kind !== "number")
      return err(`'${first.text}' needs one whole number`);
    return ok({ kind: "limit", count: Number(n.text) });
  }
  return err(`unsupported operator '${first.text}' at position ${first.at}`);
}

function parseWhere(args: Token[]): Result<Stage, string> {
  const conditions: Condition[] = [];
  for (let i = 0; ; i += 4) {
    const [col, opTok, val, sep] = [args[i], args[i + 1], args[i + 2], args[i + 3]];
    if (col?.kind !== "word") return err(`expected a column in 'where' at ${describe(col)}`);
    const op = opTok?.text.toLowerCase();
    if (
      op !== "==" &&
      op !== "=~" &&
      op !== "!=" &&
      op !== "!~" &&
      op !== "contains" &&
      op !== "!contains"
    ) {
      return err(`unsupported comparison ${describe(opTok)} in 'where'`);
    }
    if (val?.kind !== "string")
      return err(`expected a quoted string after '${opTok?.text ?? ""}' at ${describe(val)}`);
    conditions.push({ path: col.text.split("."), op, value: val.text });
    if (sep === undefined) return ok({ kind: "where", conditions });
    if (sep.text.toLowerCase() !== "and")
      return err(`unsupported ${describe(sep)} in 'where' (only 'and' joins conditions)`);
  }
}

function parseProject(args: Token[]): Result<Stage, string> {
  const columns: string[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const col = args[i];
    const sep = args[i + 1];
    if (col?.kind !== "word" || col.text.includes("."))
      return err(`expected a plain column name in 'project' at ${describe(col)}`);
    columns.push(col.text);
    if (sep !== undefined && sep.text !== ",")
      return err(`unsupported ${describe(sep)} in 'project'`);
  }
  if (columns.length === 0) return err("'project' needs at least one column");
  return ok({ kind: "project", columns });
}

function parseOrder(args: Token[]): Result<Stage, string> {
  if (args[0]?.text.toLowerCase() !== "by")
    return err(`expected 'by' after 'order' at ${describe(args[0])}`);
  const keys: { column: string; desc: boolean }[] = [];
  let i = 1;
  while (i < args.length) {
    const col = args[i];
    if (col?.kind !== "word") return err(`expected a column in 'order by' at ${describe(col)}`);
    let desc = true;
    const dir = args[i + 1]?.text.toLowerCase();
    if (dir === "asc" || dir === "desc") {
      desc = dir === "desc";
      i++;
    }
    keys.push({ column: col.text, desc });
    const sep = args[i + 1];
    if (sep !== undefined && sep.text !== ",")
      return err(`unsupported ${describe(sep)} in 'order by'`);
    i += 2;
  }
  if (keys.length === 0) return err("'order by' needs a column");
  return ok({ kind: "order", keys });
}

function describe(t: Token | undefined): string {
  return t === undefined ? "end of query" : `'${t.text}' at position ${t.at}`;
}

type Row = Record<string, unknown>;

/** Runs a parsed query over rows; fails on a reference to a column the rows do not have. */
export function runQuery(
  query: Query,
  input: readonly Row[],
  columns: readonly string[],
): Result<Row[], string> {
  let rows = [...input];
  let known = new Set(columns.map((c) => c.toLowerCase()));
  const check = (column: string): string | undefined =>
    known.has(column.toLowerCase()) ? undefined : `Failed to resolve column '${column}'`;
  for (const stage of query.stages) {
    switch (stage.kind) {
      case "where": {
        for (const c of stage.conditions) {
          const bad = check(c.path[0] ?? "");
          if (bad !== undefined) return err(bad);
        }
        rows = rows.filter((row) => stage.conditions.every((c) => matches(lookup(row, c.path), c)));
        break;
      }
      case "project": {
        for (const c of stage.columns) {
          const bad = check(c);
          if (bad !== undefined) return err(bad);
        }
        rows = rows.map((row) =>
          Object.fromEntries(stage.columns.map((c) => [c, lookup(row, [c]) ?? null])),
        );
        known = new Set(stage.columns.map((c) => c.toLowerCase()));
        break;
      }
      case "order": {
        for (const k of stage.keys) {
          const bad = check(k.column);
          if (bad !== undefined) return err(bad);
        }
        rows.sort((a, b) => {
          for (const k of stage.keys) {
            const d = compare(lookup(a, [k.column]), lookup(b, [k.column]));
            if (d !== 0) return k.desc ? -d : d;
          }
          return 0;
        });
        break;
      }
      case "limit":
        rows = rows.slice(0, stage.count);
        break;
    }
  }
  return ok(rows);
}

function lookup(row: unknown, path: readonly string[]): unknown {
  let value = row;
  for (const name of path) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    const rec = value as Row;
    const hit = Object.keys(rec).find((k) => k.toLowerCase() === name.toLowerCase());
    value = hit === undefined ? undefined : rec[hit];
  }
  return value;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function matches(value: unknown, c: Condition): boolean {
  const v = text(value);
  switch (c.op) {
    case "==":
      return v === c.value;
    case "!=":
      return v !== c.value;
    case "=~":
      return v?.toLowerCase() === c.value.toLowerCase();
    case "!~":
      return v?.toLowerCase() !== c.value.toLowerCase();
    case "contains":
      return v?.toLowerCase().includes(c.value.toLowerCase()) ?? false;
    case "!contains":
      return !(v?.toLowerCase().includes(c.value.toLowerCase()) ?? false);
  }
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = text(a) ?? "";
  const y = text(b) ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}
