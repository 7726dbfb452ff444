// Runs every benchmark in turn and prints its figures. Each bench module exports `run()`.
const benches = ['./core.mjs', './server.mjs', './documents.mjs', './import.mjs', './audit.mjs'];
for (const path of benches) {
  const { run } = await import(path);
  await run();
}
