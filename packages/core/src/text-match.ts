/** Matching names written in prose against the names in the tables. */

/**
 * The two rows of the distance table, kept from call to call and grown when a longer name comes: a new
 * typed array per call costs more than the short comparison itself. Every cell read is written first.
 */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Edit distance between two short strings (names of a few dozen characters), by UTF-16 code unit. */
export function editDistance(a: string, b: string): number {
  return boundedDistance(a, b, Infinity);
}

/**
 * The edit distance where it is at most `limit`, else some number above `limit`: the table is given up
 * once a whole row exceeds it (no later row can come back under), which is most comparisons of a name
 * with the other names of a list.
 */
function boundedDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  if (rowA.length < b.length + 1) {
    rowA = new Int32Array(2 * (b.length + 1));
    rowB = new Int32Array(2 * (b.length + 1));
  }
  // Two rows of the table, compared by character code: indexing a string makes a new string of each
  // Chinese character.
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let smallest = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = code === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (current[j]! < smallest) smallest = current[j]!;
    }
    if (smallest > limit) return smallest;
    const done = previous;
    previous = current;
    current = done;
  }
  return previous[b.length]!;
}

/**
 * The table name a written name most likely means: at most a quarter of its characters differ (at least
 * one edit allowed), and no other name is as close. Undefined when nothing is close or it is ambiguous.
 */
export function closestName(written: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  const allowed = Math.max(1, Math.floor(written.length / 4));
  for (const name of names) {
    if (Math.abs(name.length - written.length) > allowed) continue;
    // Any distance above `allowed` is only ever beaten or tied by another such one, and neither is an answer.
    const distance = boundedDistance(written, name, allowed);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) tie = true;
  }
  return best !== undefined && !tie && bestDistance <= allowed ? best : undefined;
}
