/**
 * Field paths as the core findings and the service's diffs and field comments write them:
 * "basicData.staffing.actual", "projects[0].indicators[2].score".
 */
export type PathSegment = string | number;

export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      segments.push(part);
      continue;
    }
    if (match[1]) segments.push(match[1]);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

export function getAt(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const s of parsePath(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[s];
  }
  return node;
}

/** Writes into the object tree in place; the parent of the field must exist. */
export function setAt(root: object, path: string, value: unknown): void {
  const segments = parsePath(path);
  const last = segments.pop();
  if (last === undefined) throw new Error(`空路径`);
  let node: unknown = root;
  for (const s of segments) {
    node = (node as Record<string | number, unknown>)[s];
    if (node === null || typeof node !== 'object') throw new Error(`路径不存在：${path}`);
  }
  (node as Record<string | number, unknown>)[last] = value;
}

/** Does `path` name this field or something inside it ("projects[2]" covers "projects[2].funds.executed")? */
export function pathWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}
