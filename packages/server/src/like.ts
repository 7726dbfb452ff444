/** A LIKE pattern matching text that contains `text` as typed: its own % and _ are not wildcards (use with `escape '\\'`). */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
