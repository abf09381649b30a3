/**
 * @module Name globs for group matching: `*` any run of characters, `?` one character,
 * case-insensitive, whole-name match.
 */

const cache = new Map<string, RegExp>();

export function matchesGlob(pattern: string, name: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    const body = pattern
      .split("")
      .map((ch) =>
        ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\-]/g, "\\$&"),
      )
      .join("");
    regex = new RegExp(`^${body}$`, "i");
    cache.set(pattern, regex);
  }
  return regex.test(name);
}
