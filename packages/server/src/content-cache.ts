import type { Package } from '@jixiao/core';

/**
 * Parsed content of package versions, by package id and version, least recently used first out.
 * A version never changes once written (the history is append-only), so an entry cannot go stale
 * and no invalidation is needed. Entries are shared between requests: never mutate them.
 */
export class ContentCache {
  private readonly entries = new Map<string, Package>();

  constructor(private readonly capacity = 500) {}

  get(id: string, version: number): Package | undefined {
    const key = `${version}@${id}`;
    const content = this.entries.get(key);
    if (content) {
      this.entries.delete(key);
      this.entries.set(key, content);
    }
    return content;
  }

  set(id: string, version: number, content: Package): void {
    this.entries.set(`${version}@${id}`, content);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
