/**
 * `jixiao backup [-o 文件]` and `jixiao restore 文件 [--force]`: the service's database (JIXIAO_DB or
 * DATABASE_URL, as the service reads them) to a file and back. A backup can be taken while the
 * service runs; a restore wants it stopped.
 */
import { BACKUP_USAGE, RESTORE_USAGE } from '../usage.js';

const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

async function withServer<T>(work: (server: typeof import('@jixiao/server')) => Promise<T>): Promise<T | number> {
  // Loaded only here: the other commands need no database driver.
  const server = await import('@jixiao/server');
  try {
    return await work(server);
  } catch (error) {
    if (error instanceof server.BackupError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

export async function runBackup(argv: string[]): Promise<number> {
  const at = argv.indexOf('-o');
  if ((at >= 0 && !argv[at + 1]) || argv.length > (at >= 0 ? 2 : 0)) {
    console.error(`用法：jixiao ${BACKUP_USAGE}`);
    return 2;
  }
  const result = await withServer(async (server) => {
    const config = server.configFromEnv();
    const file = at >= 0 ? (argv[at + 1] as string) : `jixiao-backup-${stamp(new Date())}.${config.databaseUrl ? 'dump' : 'sqlite'}`;
    const made = await server.backupDatabase(config, file);
    console.log(
      `已备份${made.database === 'postgres' ? ' PostgreSQL ' : ' SQLite '}数据库到 ${made.file}（${(made.bytes / 1024).toFixed(0)} KB）。`,
    );
    return 0;
  });
  return typeof result === 'number' ? result : 0;
}

export async function runRestore(argv: string[]): Promise<number> {
  const force = argv.includes('--force');
  const files = argv.filter((a) => a !== '--force');
  if (files.length !== 1) {
    console.error(`用法：jixiao ${RESTORE_USAGE}`);
    return 2;
  }
  const file = files[0] as string;
  return withServer(async (server) => {
    await server.restoreDatabase(server.configFromEnv(), file, { force });
    console.log(`已用 ${file} 恢复数据库。现在可以启动服务。`);
    return 0;
  });
}
