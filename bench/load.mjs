// The machine's load beside every figure: a figure measured on a busy machine is not comparable.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

/** "负载 0.52 / 0.61 / 0.70（2 核）": the 1, 5 and 15 minute load averages and the core count. */
export function loadNote() {
  const [one, five, fifteen] = loadavg();
  return `负载 ${one.toFixed(2)} / ${five.toFixed(2)} / ${fifteen.toFixed(2)}（${availableParallelism()} 核）`;
}

/** A process's resident memory (VmRSS) in MB, 0 once it is gone (Linux /proc). */
export function rssMb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}
