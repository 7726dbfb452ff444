/** The service's clock. */
let last = 0;

/**
 * The current time as ISO-8601 text, strictly increasing within the process: the history is
 * ordered by it, and two acts in the same millisecond must still come out in the order they happened.
 */
export function now(): string {
  last = Math.max(Date.now(), last + 1);
  return new Date(last).toISOString();
}
