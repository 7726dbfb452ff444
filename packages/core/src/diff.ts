/**
 * Field-level difference between two JSON values (two versions of a package): the leaves that
 * differ, each with its path ("basicData.staffing.actual", "projects[0].indicators[2].score").
 * An array element or object key present on one side only is one change at its own path, with
 * `null` on the missing side. Pure; the service records it in the history and the web app shows it.
 */
export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function diffJson(before: unknown, after: unknown): Change[] {
  const changes: Change[] = [];
  walk(before as Json, after as Json, '', changes);
  return changes;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`;
}

function walk(a: Json | undefined, b: Json | undefined, path: string, out: Change[]): void {
  if (a === undefined || b === undefined) {
    out.push({ path, before: a ?? null, after: b ?? null });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of Object.keys(a)) walk(a[key], b[key], childPath(path, key), out);
    for (const key of Object.keys(b)) if (!(key in a)) walk(undefined, b[key], childPath(path, key), out);
    return;
  }
  if (a !== b) out.push({ path, before: a, after: b });
}
