/** `jixiao serve`: the service for a real region, started without demo data. */
export async function runServe(argv: string[]): Promise<number> {
  const at = argv.indexOf('--processes');
  const processes = at >= 0 ? Number(argv[at + 1]) : Number(process.env.JIXIAO_PROCESSES ?? 1);
  if (argv.length > (at >= 0 ? 2 : 0) || !Number.isInteger(processes) || processes < 1) {
    console.error('用法：jixiao serve [--processes 进程数]（端口、数据库等由环境变量给出，见 docs/api.md 和 docs/deployment.md）');
    return 2;
  }
  // Loaded only here: the other commands need no web server or database driver.
  const { serve } = await import('@jixiao/server');
  await serve({ demo: false, processes });
  // The service runs until it is stopped by a signal; serve() has set up the clean stop.
  return new Promise<number>(() => undefined);
}
