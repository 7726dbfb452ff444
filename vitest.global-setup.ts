/**
 * Before any test: bring every package's build up to date. Most tests run the TypeScript sources,
 * but some run the built JavaScript the way users do (the `jixiao` command, the service's render
 * worker thread, a killed service process); a stale build there would test yesterday's code.
 * `tsc -b` is incremental: when nothing changed it only checks.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('.', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('./node_modules/typescript/bin/tsc', import.meta.url)), '-b'], {
    cwd: root,
    stdio: 'inherit',
  });
}
