/**
 * @module The OData `$filter` subset the emulated Retail Prices API understands:
 * `field eq 'value'`, `field ne 'value'`, `and`, `or` (and binds tighter) and parentheses; string
 * literals in single quotes (`''` is a quote), `true`/`false`. Values compare case-sensitively
 * (as the real API does from api-version 2023-01-01-preview); field names and operators do not.
 * `parseFilter` returns a predicate over a row, or an error message for a 400.
 */

export type FilterValue = string | boolean;
export type Row = Readonly<Record<string, unknown>>;
export type Predicate = (row: Row) => boolean;

type Token =
  | { readonly kind: "word"; readonly text: string }
  | { readonly kind: "string"; readonly text: string }
  | { readonly kind: "open" | "close" };

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) i++;
    else if (c === "(" || c === ")") {
      tokens.push({ kind: c === "(" ? "open" : "close" });
      i++;
    } else if (c === "'") {
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) return "unterminated string literal";
        if (text.charAt(i) === "'") {
          if (text.charAt(i + 1) !== "'") break;
          value += "'";
          i += 2;
        } else value += text.charAt(i++);
      }
      i++;
      tokens.push({ kind: "string", text: value });
    } else {
      const word = /^[A-Za-z0-9_.-]+/.exec(text.slice(i))?.[0];
      if (word === undefined) return `unexpected character '${c}' at ${String(i)}`;
      tokens.push({ kind: "word", text: word });
      i += word.length;
    }
  }
  return tokens;
}

class Parser {
  private at = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly fields: ReadonlyMap<string, string>,
  ) {}

  parse(): Predicate {
    const predicate = this.or();
    if (this.at < this.tokens.length) throw new SyntaxError("unexpected text after the filter");
    return predicate;
  }

  private keyword(word: string): boolean {
    const token = this.tokens[this.at];
    if (token?.kind !== "word" || token.text.toLowerCase() !== word) return false;
    this.at++;
    return true;
  }

  private or(): Predicate {
    const parts = [this.and()];
    while (this.keyword("or")) parts.push(this.and());
    return (row) => parts.some((p) => p(row));
  }

  private and(): Predicate {
    const parts = [this.primary()];
    while (this.keyword("and")) parts.push(this.primary());
    return (row) => parts.every((p) => p(row));
  }

  private primary(): Predicate {
    const token = this.tokens[this.at++];
    if (token?.kind === "open") {
      const inner = this.or();
      if (this.tokens[this.at++]?.kind !== "close") throw new SyntaxError("missing ')'");
      return inner;
    }
    if (token?.kind !== "word") throw new SyntaxError("expected a field name");
    const field = this.fields.get(token.text.toLowerCase());
    if (field === undefined) throw new SyntaxError(`'${token.text}' is not a filterable field`);
    const negate = this.keyword("ne");
    if (!negate && !this.keyword("eq"))
      throw new SyntaxError(`expected eq or ne after ${token.text}`);
    const value = this.literal();
    return (row) => (row[field] === value) !== negate;
  }

  private literal(): FilterValue {
    const token = this.tokens[this.at++];
    if (token?.kind === "string") return token.text;
    if (token?.kind === "word" && (token.text === "true" || token.text === "false")) {
      return token.text === "true";
    }
    throw new SyntaxError("expected a quoted value");
  }
}

/**
 * Parses `text` against `fields` (filter name, any casing → row property). A field mapped to
 * the empty string parses but matches no row (the real API's answer to `currencyCode` in
 * `$filter`).
 */
export function parseFilter(
  text: string,
  fields: Readonly<Record<string, string>>,
):
  | { readonly ok: true; readonly predicate: Predicate }
  | { readonly ok: false; readonly error: string } {
  const tokens = tokenize(text);
  if (typeof tokens === "string") return { ok: false, error: tokens };
  const byName = new Map(Object.entries(fields).map(([name, prop]) => [name.toLowerCase(), prop]));
  try {
    return { ok: true, predicate: new Parser(tokens, byName).parse() };
  } catch (e) {
    if (e instanceof SyntaxError) return { ok: false, error: e.message };
    throw e;
  }
}
