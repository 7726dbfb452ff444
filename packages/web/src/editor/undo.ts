/**
 * The editor's one history of changes, for 撤销 / 重做 (Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z).
 *
 * A step remembers, for each field path it touches, what the path held before the step — not a copy of
 * the package — so typing into a package of hundreds of projects costs a string per keystroke. Undoing
 * writes those values back (last change first) and remembers what they replace, which is the step redo
 * writes. Undo and redo are edits of the current content like any other: they are saved as usual and
 * never bring back an older version of the package as a whole.
 *
 * Everything a user act changes is one step (a paste that adds rows and fills them, a row inserted): the
 * caller records changes into the open step and seals it once the act is over. Typing in one text field
 * continues the step before it until the user pauses or leaves the field.
 */
import { formatPath, getAt, parsePath, pathWithin } from './paths.js';

/** Typing in a text field after this long a pause starts a new step. */
export const TYPING_PAUSE_MS = 1500;
/** Steps kept; the oldest go first. */
export const HISTORY_LIMIT = 200;

/** A value to write at a path; `undefined` removes the key. */
interface Write {
  path: string;
  value: unknown;
}

interface Step {
  /** What the user did, as the buttons name it: "修改“公务接待 本年决算数”". */
  label: string;
  /** Applied in order. */
  writes: Write[];
  /** Typing steps: the key later typing in the same field continues (the field's path). */
  typing: string | null;
  /** When the step last changed, for the typing pause. */
  at: number;
}

export interface RecordOptions {
  /** Typing in a text field: continues the last step if it was typing in the same field a moment ago. */
  typing?: string;
  /** Milliseconds, any clock; only differences count. */
  now?: number;
}

/** What undo or redo did: its label and the paths it wrote in the order the user changed them, to show where. */
export interface Applied {
  label: string;
  paths: string[];
}

const copy = (value: unknown): unknown => (value === undefined ? undefined : structuredClone(value));

/** Writes into the package in place; `undefined` removes the key, as it was absent before. */
function put(root: object, path: string, value: unknown): void {
  const segments = parsePath(path);
  const last = segments.pop();
  if (last === undefined) throw new Error('空路径');
  const parent = segments.length === 0 ? root : getAt(root, formatPath(segments));
  if (parent === null || typeof parent !== 'object') throw new Error(`路径不存在：${path}`);
  if (value === undefined) delete (parent as Record<string | number, unknown>)[last];
  else (parent as Record<string | number, unknown>)[last] = value;
}

/** Writes a step's values and returns the step that takes them back (its writes in reverse order). */
function apply(root: object, step: Step): Step {
  const inverse: Write[] = [];
  for (const write of step.writes) {
    inverse.unshift({ path: write.path, value: copy(getAt(root, write.path)) });
    put(root, write.path, write.value);
  }
  return { label: step.label, writes: inverse, typing: null, at: step.at };
}

export class UndoHistory {
  private done: Step[] = [];
  private undone: Step[] = [];
  /** The step changes are recorded into until `seal`. */
  private open: Step | null = null;
  /** No later typing continues the last step (the user left the field, or undid). */
  private closed = true;

  constructor(private readonly limit = HISTORY_LIMIT) {}

  /**
   * Call just before changing `paths` of `root`: remembers what they hold. A path inside one already
   * recorded in the open step needs nothing more — writing the outer one back restores it too.
   */
  record(root: object, paths: readonly string[], label: string, options: RecordOptions = {}): void {
    const now = options.now ?? 0;
    if (!this.open) {
      const last = this.done.at(-1);
      const continues = options.typing !== undefined && !this.closed && last?.typing === options.typing && now - last.at < TYPING_PAUSE_MS;
      if (continues && last) {
        this.open = this.done.pop() ?? null;
      } else {
        this.open = { label, writes: [], typing: options.typing ?? null, at: now };
      }
    }
    const step = this.open as Step;
    // One act that both types and restructures is not typing any more: later typing starts afresh.
    if (step.typing !== (options.typing ?? null)) step.typing = null;
    step.at = now;
    for (const path of paths) {
      if (step.writes.some((w) => pathWithin(path, w.path))) continue;
      // Last change first when undoing.
      step.writes.unshift({ path, value: copy(getAt(root, path)) });
    }
    this.undone = [];
    this.closed = false;
  }

  /** The current act is over: the next change is a new step (typing may still continue this one). */
  seal(): void {
    if (!this.open) return;
    if (this.open.writes.length > 0) this.done.push(this.open);
    if (this.done.length > this.limit) this.done.splice(0, this.done.length - this.limit);
    this.open = null;
  }

  /** Typing that follows starts a new step (the user left the field). */
  close(): void {
    this.seal();
    this.closed = true;
  }

  undo(root: object): Applied | null {
    return this.move(root, this.done, this.undone);
  }

  redo(root: object): Applied | null {
    return this.move(root, this.undone, this.done);
  }

  private move(root: object, from: Step[], to: Step[]): Applied | null {
    this.close();
    const step = from.pop();
    if (!step) return null;
    to.push(apply(root, step));
    // An undo step writes the last change first; a redo step is in the user's order.
    const paths = step.writes.map((w) => w.path);
    return { label: step.label, paths: from === this.done ? paths.reverse() : paths };
  }

  /** The content was replaced as a whole (loaded, restored, merged): the steps no longer apply to it. */
  clear(): void {
    this.done = [];
    this.undone = [];
    this.open = null;
    this.closed = true;
  }

  /** What 撤销 would take back, or null. */
  get undoLabel(): string | null {
    return (this.open?.writes.length ? this.open : this.done.at(-1))?.label ?? null;
  }

  get redoLabel(): string | null {
    return this.undone.at(-1)?.label ?? null;
  }
}
