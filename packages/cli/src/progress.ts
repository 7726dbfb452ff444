/**
 * A progress bar on a terminal: "审核 [██████░░░░] 412/1000  41%  每秒 58.2 个". Drawn at most ten
 * times a second, and only on a terminal: redirected output (a log, CI) gets no control characters.
 */
export interface ProgressBar {
  update: (done: number, total: number) => void;
  done: () => void;
}

const WIDTH = 30;

export function progressBar(stream: NodeJS.WriteStream, label: string): ProgressBar {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const started = performance.now();
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = performance.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const filled = Math.round((done / total) * WIDTH);
      const rate = done / Math.max((now - started) / 1000, 0.001);
      stream.write(
        `\r${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${done}/${total}  ${Math.floor((done / total) * 100)}%  每秒 ${rate.toFixed(1)} 个`,
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
