// Runs every benchmark in turn and prints its figures, each section with the machine's load: a figure
// taken on a busy machine is not comparable. Each bench module exports `run()`.
import { loadNote } from './load.mjs';

const benches = [
  './core.mjs',
  './server.mjs',
  './region.mjs',
  './overview.mjs',
  './export.mjs',
  './documents.mjs',
  './import.mjs',
  './audit.mjs',
  './cli.mjs',
  './web.mjs',
];
console.log(`jixiao 性能测试，开始时${loadNote()}`);
for (const path of benches) {
  const { run } = await import(path);
  await run();
}
console.log(`\n结束时${loadNote()}`);
