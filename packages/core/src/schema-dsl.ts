/**
 * A small typed schema language: one description of the package format gives both the validator
 * (with Chinese messages that name the field by its label and its JSON path) and the JSON Schema
 * that documents the format. Typed against the model, so the schema cannot drift from model.ts.
 */
import { DECIMAL_TEXT, Decimal } from './decimal.js';
import { explainNotDecimal } from './number-input.js';

export interface SchemaIssue {
  /** JSON path of the field, e.g. `basicData.threePublic.reception.actual` */
  path: string;
  /** The field named as a user knows it, e.g. `附件1 › （行名） › 本年决算数` */
  label: string;
  message: string;
}

export type JsonSchema = { [key: string]: unknown };

const INVALID: unique symbol = Symbol('invalid');
type Invalid = typeof INVALID;

interface Where {
  path: string;
  label: string;
  issues: SchemaIssue[];
  /** write every decimal in its shortest exact form ("797.20" → "797.2") */
  canonical: boolean;
  /** how many fields left out were read as their `withDefault` value, shared along the whole run */
  defaulted: { count: number };
}

export interface Spec<T> {
  parse(value: unknown, where: Where): T | Invalid;
  readonly json: JsonSchema;
  /** What an object field holds when a package leaves it out (a field added to the format later); see `withDefault`. */
  readonly fallback?: () => T;
  /** An object field that may be left out, and stays out: see `optional`. */
  readonly optional?: true;
  /** The label and spec of a field or element, for naming a path the way users know it. */
  child?(key: string): readonly [label: string, spec: Spec<unknown>] | undefined;
}

function fail(where: Where, message: string): Invalid {
  where.issues.push({ path: where.path || '（根）', label: where.label || '整个文件', message });
  return INVALID;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return '数组';
  switch (typeof value) {
    case 'string':
      return '文本';
    case 'number':
      return '数字';
    case 'boolean':
      return '布尔值';
    case 'object':
      return '对象';
    default:
      return typeof value;
  }
}

function child(where: Where, key: string | number, label: string): Where {
  const path = typeof key === 'number' ? `${where.path}[${key}]` : where.path ? `${where.path}.${key}` : key;
  const named = where.label ? `${where.label} › ${label}` : label;
  return { path, label: named, issues: where.issues, canonical: where.canonical, defaulted: where.defaulted };
}

export const text: Spec<string> = {
  parse: (value, where) => (typeof value === 'string' ? value : fail(where, `应为文本，实际为${typeName(value)}`)),
  json: { type: 'string' },
};

/** Decimal text; JSON numbers are accepted and turned into their exact shortest text. */
export const decimal: Spec<string> = {
  parse(value, where) {
    if (typeof value === 'number') {
      const asText = String(value);
      return Number.isFinite(value) && DECIMAL_TEXT.test(asText)
        ? where.canonical
          ? new Decimal(asText).toString()
          : asText
        : fail(where, `数字 ${asText} 无法精确表示，请写成文本形式的小数，如 "4.07"`);
    }
    if (typeof value !== 'string') return fail(where, `应为数字文本（如 "4.07"），实际为${typeName(value)}`);
    if (!DECIMAL_TEXT.test(value)) return fail(where, explainNotDecimal(value));
    return where.canonical ? new Decimal(value).toString() : value;
  },
  json: { type: 'string', pattern: DECIMAL_TEXT.source, description: '小数文本，如 "797.20"' },
};

/** A table cell: decimal text, or null for a blank cell. */
export const cell: Spec<string | null> = {
  parse: (value, where) => (value === null ? null : decimal.parse(value, where)),
  json: { oneOf: [decimal.json, { type: 'null' }], description: '小数文本；空单元格为 null' },
};

export function nullable<T>(spec: Spec<T>): Spec<T | null> {
  return {
    parse: (value, where) => (value === null ? null : spec.parse(value, where)),
    json: { oneOf: [spec.json, { type: 'null' }] },
    ...(spec.child ? { child: spec.child } : {}),
  };
}

/** The labels along a JSON path ("basicData.threePublic.reception.actual"), as far as the schema knows it. */
export function labelsOf(spec: Spec<unknown>, path: string): string[] {
  const labels: string[] = [];
  let current: Spec<unknown> | undefined = spec;
  for (const key of path.match(/[^.[\]]+/g) ?? []) {
    const next: readonly [string, Spec<unknown>] | undefined = current?.child?.(key);
    if (!next) break;
    labels.push(next[0]);
    current = next[1];
  }
  return labels;
}

export function literal<T extends string | number>(expected: T, hint: string): Spec<T> {
  return {
    parse: (value, where) =>
      value === expected ? expected : fail(where, `应为 ${JSON.stringify(expected)}（${hint}），实际为 ${JSON.stringify(value)}`),
    json: { const: expected },
  };
}

export function oneOf<T extends string>(values: readonly T[]): Spec<T> {
  return {
    parse: (value, where) =>
      typeof value === 'string' && (values as readonly string[]).includes(value)
        ? (value as T)
        : fail(where, `应为 ${values.map((v) => `“${v}”`).join('、')} 之一，实际为 ${JSON.stringify(value)}`),
    json: { enum: [...values] },
  };
}

export const boolean: Spec<boolean> = {
  parse: (value, where) => (typeof value === 'boolean' ? value : fail(where, `应为 true 或 false，实际为${typeName(value)}`)),
  json: { type: 'boolean' },
};

export function integer(minimum: number, maximum: number): Spec<number> {
  return {
    parse: (value, where) =>
      typeof value === 'number' && Number.isInteger(value) && value >= minimum && value <= maximum
        ? value
        : fail(where, `应为 ${minimum}–${maximum} 之间的整数，实际为 ${JSON.stringify(value)}`),
    json: { type: 'integer', minimum, maximum },
  };
}

export function array<T>(item: Spec<T>, itemLabel: (index: number) => string): Spec<T[]> {
  return {
    parse(value, where) {
      if (!Array.isArray(value)) return fail(where, `应为数组（列表），实际为${typeName(value)}`);
      const out: T[] = [];
      let ok = true;
      value.forEach((element, index) => {
        const parsed = item.parse(element, child(where, index, itemLabel(index)));
        if (parsed === INVALID) ok = false;
        else out.push(parsed);
      });
      return ok ? out : INVALID;
    },
    json: { type: 'array', items: item.json },
    child: (key) => (/^\d+$/.test(key) ? [itemLabel(Number(key)), item as Spec<unknown>] : undefined),
  };
}

/**
 * A field packages written before it existed leave out: it reads as `fallback()` then, so that those
 * packages stay valid without a new format version. Only for fields whose absence means nothing to say.
 */
export function withDefault<T>(spec: Spec<T>, fallback: () => T): Spec<T> {
  return { ...spec, json: { ...spec.json, default: fallback() }, fallback };
}

/**
 * A field added to the format later whose absence is itself the value (no override, nothing stated): a
 * package leaves it out and reads back without it, so packages written before stay valid and unchanged.
 */
export function optional<T>(spec: Spec<T>): Spec<T | undefined> {
  return { ...(spec as Spec<T | undefined>), optional: true };
}

export type Fields<T> = { [K in keyof T]-?: readonly [label: string, spec: Spec<T[K]>] };

export function object<T>(fields: Fields<T>, description?: string): Spec<T> {
  const keys = Object.keys(fields) as (keyof T & string)[];
  return {
    parse(value, where) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return fail(where, `应为对象，实际为${typeName(value)}`);
      }
      const record = value as Record<string, unknown>;
      const out = {} as T;
      let ok = true;
      for (const key of keys) {
        const [label, spec] = fields[key];
        const at = child(where, key, label);
        if (!(key in record)) {
          if (spec.fallback) {
            out[key] = spec.fallback();
            where.defaulted.count += 1;
          } else if (!spec.optional) {
            fail(at, '缺少此字段');
            ok = false;
          }
          continue;
        }
        const parsed = spec.parse(record[key], at);
        if (parsed === INVALID) ok = false;
        else out[key] = parsed;
      }
      for (const key of Object.keys(record)) {
        if (!(key in fields)) {
          fail(child(where, key, key), '不认识的字段（拼写错误？）');
          ok = false;
        }
      }
      return ok ? out : INVALID;
    },
    json: {
      type: 'object',
      ...(description ? { description } : {}),
      additionalProperties: false,
      required: keys.filter((key) => !fields[key][1].fallback && !fields[key][1].optional),
      properties: Object.fromEntries(keys.map((key) => [key, { ...fields[key][1].json, title: fields[key][0] }])),
    },
    child: (key) => (Object.hasOwn(fields, key) ? (fields[key as keyof T] as readonly [string, Spec<unknown>]) : undefined),
  };
}

/**
 * An object whose keys are all optional: only the keys present are parsed (a row a unit's form does
 * not have is absent, not blank); unknown keys are refused like in `object`.
 */
export function partial<T>(fields: Fields<T>, description?: string): Spec<Partial<T>> {
  const keys = Object.keys(fields) as (keyof T & string)[];
  return {
    parse(value, where) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return fail(where, `应为对象，实际为${typeName(value)}`);
      }
      const record = value as Record<string, unknown>;
      const out = {} as Partial<T>;
      let ok = true;
      for (const key of keys) {
        if (!(key in record)) continue;
        const [label, spec] = fields[key];
        const parsed = spec.parse(record[key], child(where, key, label));
        if (parsed === INVALID) ok = false;
        else out[key] = parsed;
      }
      for (const key of Object.keys(record)) {
        if (!(key in fields)) {
          fail(child(where, key, key), `不认识的字段（拼写错误？可用：${keys.join('、')}）`);
          ok = false;
        }
      }
      return ok ? out : INVALID;
    },
    json: {
      type: 'object',
      ...(description ? { description } : {}),
      additionalProperties: false,
      properties: Object.fromEntries(keys.map((key) => [key, { ...fields[key][1].json, title: fields[key][0] }])),
    },
    child: (key) => (Object.hasOwn(fields, key) ? (fields[key as keyof T] as readonly [string, Spec<unknown>]) : undefined),
  };
}

/**
 * Run a spec on a value: the parsed value, or every problem found (not just the first). `defaulted` says
 * whether a field the value left out was read as its default (a field added to the format later).
 */
export function run<T>(
  spec: Spec<T>,
  value: unknown,
  options: { canonical: boolean } = { canonical: false },
): { ok: true; value: T; defaulted: boolean } | { ok: false; issues: SchemaIssue[] } {
  const issues: SchemaIssue[] = [];
  const defaulted = { count: 0 };
  const parsed = spec.parse(value, { path: '', label: '', issues, canonical: options.canonical, defaulted });
  return parsed === INVALID ? { ok: false, issues } : { ok: true, value: parsed, defaulted: defaulted.count > 0 };
}
