/**
 * `jixiao worker`: works the background jobs (batch exports, audits) of a PostgreSQL deployment, so
 * that the app processes only answer requests. Run any number, on any machine that reaches the
 * database and the shared files (JIXIAO_FILES_DIR, or an S3-compatible store: JIXIAO_S3_*).
 */
export async function runWorker(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    console.error('用法：jixiao worker（数据库、文件目录等由环境变量给出，见 docs/deployment.md）');
    return 2;
  }
  // Loaded only here: the other commands need no database driver or queue.
  const server = await import('@jixiao/server');
  let stop: () => Promise<void>;
  try {
    stop = await server.runWorker();
  } catch (error) {
    if (error instanceof server.WorkerError) {
      console.error(error.message);
      return 2;
    }
    console.error(`后台任务进程启动失败：${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  return new Promise<number>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      // Messages in hand are finished (or, past the wait, given to another worker when they expire).
      process.once(signal, () => void stop().then(() => resolve(0)));
    }
  });
}
