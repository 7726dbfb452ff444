/**
 * Where background work runs and where its files go, from the environment: the same reading for the
 * app processes (`npm start`, `jixiao serve`) and for `jixiao worker`, so they always agree.
 */
import { join } from 'node:path';
import type { DatabaseConfig } from './db/connect.js';
import { FolderStore, type FileStore } from './file-store.js';
import { InProcessQueue, PgBossQueue, type JobQueue } from './queue.js';
import { S3Store } from './s3-store.js';

export interface JobSettings {
  /**
   * Job files, shared by every process: the folder `JIXIAO_FILES_DIR` (a network folder across
   * machines), or an S3-compatible store when `JIXIAO_S3_*` are set.
   */
  files: FileStore;
  /** Where the files are, in words, for the start-up line. */
  filesLocation: string;
  /** Whether app processes work the queue themselves; `JIXIAO_WORKERS=1` leaves it to `jixiao worker`. */
  workInApp: boolean;
  /** pg-boss on PostgreSQL, else an in-memory queue; only PostgreSQL can have separate workers. */
  openQueue(onError: (error: Error) => void): Promise<JobQueue>;
}

export function jobSettings(config: DatabaseConfig, env: NodeJS.ProcessEnv = process.env): JobSettings {
  const { files, filesLocation } = fileStore(config, env);
  const databaseUrl = config.databaseUrl;
  if (!databaseUrl) return { files, filesLocation, workInApp: true, openQueue: () => Promise.resolve(new InProcessQueue()) };
  const seconds = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!(value >= 1)) throw new Error(`环境变量 ${name} 须为不小于 1 的秒数`);
    return value;
  };
  return {
    files,
    filesLocation,
    workInApp: env.JIXIAO_WORKERS !== '1',
    openQueue: (onError) =>
      PgBossQueue.open(
        {
          connectionString: databaseUrl,
          schema: env.JIXIAO_QUEUE_SCHEMA || `${config.pgSchema ?? 'jixiao'}_queue`,
          expireSeconds: seconds('JIXIAO_JOB_EXPIRE_SECONDS', 600),
          maintenanceSeconds: seconds('JIXIAO_QUEUE_MAINTENANCE_SECONDS', 30),
        },
        onError,
      ),
  };
}

/** The S3 store once any `JIXIAO_S3_*` is set (then all the required ones must be), else the folder. */
function fileStore(config: DatabaseConfig, env: NodeJS.ProcessEnv): Pick<JobSettings, 'files' | 'filesLocation'> {
  const s3 = (name: string) => env[`JIXIAO_S3_${name}`] ?? '';
  if (!Object.keys(env).some((name) => name.startsWith('JIXIAO_S3_') && env[name])) {
    const dir = env.JIXIAO_FILES_DIR || join(config.sqliteFile && !config.databaseUrl ? join(config.sqliteFile, '..') : './data', 'files');
    return { files: new FolderStore(dir), filesLocation: `文件目录 ${dir}` };
  }
  if (env.JIXIAO_FILES_DIR) throw new Error('JIXIAO_FILES_DIR 与 JIXIAO_S3_* 只能选一种：文件存放在目录或 S3 兼容存储中');
  const missing = ['URL', 'BUCKET', 'ACCESS_KEY', 'SECRET_KEY'].filter((name) => !s3(name));
  if (missing.length > 0) throw new Error(`使用 S3 兼容存储还须设置环境变量 ${missing.map((name) => `JIXIAO_S3_${name}`).join('、')}`);
  const url = s3('URL');
  const protocol = URL.canParse(url) ? new URL(url).protocol : '';
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error('环境变量 JIXIAO_S3_URL 须为 http:// 或 https:// 开头的地址');
  const pathStyle = s3('PATH_STYLE') || '1';
  if (pathStyle !== '0' && pathStyle !== '1') throw new Error('环境变量 JIXIAO_S3_PATH_STYLE 须为 1 或 0');
  const [bucket, prefix, region] = [s3('BUCKET'), s3('PREFIX'), s3('REGION')];
  return {
    files: new S3Store({
      url,
      bucket,
      prefix,
      accessKey: s3('ACCESS_KEY'),
      secretKey: s3('SECRET_KEY'),
      pathStyle: pathStyle === '1',
      ...(region ? { region } : {}),
    }),
    filesLocation: `S3 兼容存储 ${url} 存储桶 ${bucket}${prefix ? ` 前缀 ${prefix}` : ''}`,
  };
}
