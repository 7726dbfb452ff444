/** `jixiao serve`: the service for a real region, started without demo data. */
export async function runServe(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    console.error('用法：jixiao serve（端口、数据库等由环境变量给出，见 docs/api.md）');
    return 2;
  }
  // Loaded only here: the other commands need no web server or database driver.
  const { serve } = await import('@jixiao/server');
  await serve({ demo: false });
  // The service runs until it is stopped by a signal; serve() has set up the clean stop.
  return new Promise<number>(() => undefined);
}
