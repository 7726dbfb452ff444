// Closed-loop HTTP load over loopback: `clients` loops each asking, answer after answer, for a bounded time.
const at = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * `clients` loops asking for `path` (a path, or a function giving the next one) for `seconds`; the
 * answers' rate and time percentiles, the last answer's size and how many were not 200.
 */
export async function load(url, headers, path, clients, seconds) {
  const next = typeof path === 'function' ? path : () => path;
  const times = [];
  let bytes = 0;
  let failed = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await fetch(`${url}${next()}`, { headers });
        const body = await res.arrayBuffer();
        times.push(performance.now() - t);
        bytes = body.byteLength;
        if (res.status !== 200) failed++;
      }
    }),
  );
  const sorted = times.sort((a, b) => a - b);
  return { n: sorted.length, rate: sorted.length / seconds, p50: at(sorted, 50), p95: at(sorted, 95), p99: at(sorted, 99), bytes, failed };
}

/** One line of figures for `load`'s result, its label padded to `width` characters. */
export function line(label, r, width = 16) {
  return `   ${label.padEnd(width, '　')} ${r.rate.toFixed(0).padStart(5)} 次/秒  p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ${(r.bytes / 1024).toFixed(1)} KB${r.failed ? `  失败 ${r.failed}` : ''}`;
}
