/** Matching names written in prose against the names in the tables. */

/** Edit distance between two short strings (names of a few dozen characters). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The table name a written name most likely means: at most a quarter of its characters differ (at least
 * one edit allowed), and no other name is as close. Undefined when nothing is close or it is ambiguous.
 */
export function closestName(written: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const name of names) {
    if (Math.abs(name.length - written.length) > Math.max(1, Math.floor(written.length / 4))) continue;
    const distance = editDistance(written, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) tie = true;
  }
  const allowed = Math.max(1, Math.floor(written.length / 4));
  return best !== undefined && !tie && bestDistance <= allowed ? best : undefined;
}
