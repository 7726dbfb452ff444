/**
 * Field-level difference between two JSON values (two versions of a package): the leaves that
 * differ, each with its path ("basicData.staffing.actual", "projects[0].indicators[2].score").
 * An array element or object key present on one side only is one change at its own path, with
 * `null` on the missing side (and `removed` when it is the new side that lacks it, so that a value
 * cleared to null and a value taken away stay apart). Pure; the service records it in the history
 * and the web app shows it; `applyChanges` replays it.
 */
export interface Change {
  path: string;
  before: unknown;
  after: unknown;
  /** The key or element is absent after the change (an array shrinks to below its index). */
  removed?: true;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function diffJson(before: unknown, after: unknown): Change[] {
  const state: Walk = { out: [], segments: [], orderKept: true };
  walk(before as Json, after as Json, state);
  return state.out;
}

/**
 * diffJson, and whether `applyChanges(before, changes)` also gives `after`'s key order (so that its
 * JSON text is `after`'s): false when `after` reorders an object's keys or puts a new key before
 * an old one. Where it is true, replaying the diff needs no check against the text.
 */
export function diffForReplay(before: unknown, after: unknown): { changes: Change[]; orderKept: boolean } {
  const state: Walk = { out: [], segments: [], orderKept: true, checkOrder: true };
  walk(before as Json, after as Json, state);
  return { changes: state.out, orderKept: state.orderKept };
}

interface Walk {
  out: Change[];
  /** Keys and indexes down to the value being compared; made into a path only for a change, which is rare. */
  segments: (string | number)[];
  orderKept: boolean;
  checkOrder?: true;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`;
}

function pathOf(segments: (string | number)[]): string {
  let path = '';
  for (const segment of segments) path = typeof segment === 'number' ? `${path}[${segment}]` : childPath(path, segment);
  return path;
}

function walk(a: Json | undefined, b: Json | undefined, state: Walk): void {
  const { out, segments } = state;
  if (a === undefined || b === undefined) {
    const path = pathOf(segments);
    out.push(b === undefined ? { path, before: a ?? null, after: null, removed: true } : { path, before: a ?? null, after: b });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) {
      segments.push(i);
      walk(a[i], b[i], state);
      segments.pop();
    }
    return;
  }
  if (isObject(a) && isObject(b)) {
    // Own keys only: a key such as "constructor" or "__proto__" is data here, not the prototype's.
    const aKeys = Object.keys(a);
    const bKeys = Object.keys(b);
    for (const key of aKeys) {
      segments.push(key);
      walk(a[key], Object.hasOwn(b, key) ? b[key] : undefined, state);
      segments.pop();
    }
    for (const key of bKeys) {
      if (Object.hasOwn(a, key)) continue;
      segments.push(key);
      walk(undefined, b[key], state);
      segments.pop();
    }
    if (state.checkOrder && state.orderKept) state.orderKept = keyOrderKept(a, aKeys, b, bKeys);
    return;
  }
  if (a !== b) out.push({ path: pathOf(segments), before: a, after: b });
}

/** Whether `b`'s keys are `a`'s remaining keys in `a`'s order, then its new ones: the order applyChanges gives. */
function keyOrderKept(a: object, aKeys: string[], b: object, bKeys: string[]): boolean {
  let i = 0;
  let added = false;
  for (const key of bKeys) {
    if (!Object.hasOwn(a, key)) {
      added = true;
      continue;
    }
    if (added) return false;
    // Keys of `a` passed over must be gone from `b`; one still in `b` comes later there: reordered.
    while (i < aKeys.length && aKeys[i] !== key) if (Object.hasOwn(b, aKeys[i++] as string)) return false;
    if (i++ === aKeys.length) return false;
  }
  return true;
}

/**
 * `before` with `changes` (from `diffJson(before, after)`) applied: a value deep-equal to `after`.
 * A key the changes add goes last in its object, so key order can differ from `after`'s.
 * Pure: nothing passed in is modified; the result shares the unchanged parts of `before` and the
 * values of `changes`, so treat all three as read-only. Throws when a path does not fit `before`.
 */
export function applyChanges(before: unknown, changes: readonly Change[]): unknown {
  // Containers copied during this call: later changes below them edit the copy in place.
  const copied = new Set<object>();
  const own = (value: Json | undefined, path: string): Json[] | { [key: string]: Json } => {
    if (typeof value !== 'object' || value === null) throw new Error(`变更路径 ${path} 与原值不符。`);
    if (copied.has(value)) return value;
    const copy = Array.isArray(value) ? value.slice() : { ...value };
    copied.add(copy);
    return copy;
  };
  let root = before as Json;
  for (const change of changes) {
    const segments = parsePath(change.path);
    const last = segments.pop();
    if (last === undefined) {
      root = change.after as Json;
      continue;
    }
    root = own(root, change.path);
    let parent = root;
    for (const segment of segments) {
      const child = own(read(parent, segment), change.path);
      write(parent, segment, child);
      parent = child;
    }
    if (!change.removed) write(parent, last, change.after as Json);
    else if (Array.isArray(parent)) parent.length = Math.min(parent.length, Number(last));
    else delete parent[last];
  }
  return root;
}

function read(container: Json[] | { [key: string]: Json }, segment: string | number): Json | undefined {
  return Array.isArray(container) ? container[Number(segment)] : Object.hasOwn(container, segment) ? container[segment] : undefined;
}

function write(container: Json[] | { [key: string]: Json }, segment: string | number, value: Json): void {
  if (Array.isArray(container)) container[Number(segment)] = value;
  // Assigning "__proto__" would set the prototype; defining it keeps it a plain key.
  else if (segment === '__proto__')
    Object.defineProperty(container, segment, { value, writable: true, enumerable: true, configurable: true });
  else container[segment] = value;
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/y;

/** The keys and indexes of a `diffJson` path: `a.b`, `[3]`, `["any key"]`. */
function parsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  let i = 0;
  while (i < path.length) {
    if (path.startsWith('["', i)) {
      let end = i + 2;
      while (end < path.length && path[end] !== '"') end += path[end] === '\\' ? 2 : 1;
      segments.push(JSON.parse(path.slice(i + 1, end + 1)) as string);
      i = end + 2;
    } else if (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) break;
      segments.push(Number(path.slice(i + 1, end)));
      i = end + 1;
    } else {
      if (path[i] === '.') i++;
      IDENTIFIER.lastIndex = i;
      const key = IDENTIFIER.exec(path)?.[0];
      if (!key) break;
      segments.push(key);
      i += key.length;
    }
  }
  if (i < path.length) throw new Error(`无法解析变更路径 ${path}。`);
  return segments;
}
