/** Variant `index` of the seed's JSON form: amounts scaled, its own place name and sentences, every fourth one with wrong amounts. */
export function seedVariant(seed: unknown, index: number): unknown;

/** Variants `from` … `from + count − 1`. */
export function seedVariants(seed: unknown, count: number, from?: number): unknown[];
