/** Searching prose with global expressions, on the paths a check runs for every paragraph. */

/**
 * Every match of a global expression in a text, in order: what `text.matchAll(pattern)` gives, without
 * the copy of the expression matchAll makes on every call (a copy costs more than searching a short
 * paragraph, and the rules search every paragraph with dozens of expressions). The expression's
 * lastIndex is 0 again when this returns.
 */
export function matchesOf(pattern: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    out.push(match);
    // An empty match moves on by one character (a code point with the u flag), as matchAll does.
    if (match[0] === '') pattern.lastIndex = nextIndex(text, pattern.lastIndex, pattern.unicode);
  }
  pattern.lastIndex = 0;
  return out;
}

function nextIndex(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff ? index + 2 : index + 1;
}
