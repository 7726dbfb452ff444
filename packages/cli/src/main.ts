/** The `jixiao` command: one word picks the command, the rest is its arguments. */
import { ADMIN_USAGE, AUDIT_USAGE, BACKUP_USAGE, RESTORE_USAGE } from './usage.js';

type Run = (argv: string[]) => Promise<number>;

/**
 * A command's module is loaded only once it is chosen: the commands' dependencies (the documents,
 * the importer, the service) take far longer to load than most commands take to run.
 */
type Command = { load: () => Promise<Run>; summary: string };

const COMMANDS: Record<string, Command> = {
  check: {
    load: async () => (await import('./commands/check.js')).runCheck,
    summary: 'check 文件 [--json]      计算并校验绩效自评包，列出主要数据和发现的问题',
  },
  import: {
    load: async () => (await import('./commands/import.js')).runImport,
    summary: 'import 文件 [-o 输出.json]  导入文本 / Word / Excel / PDF 为绩效自评包',
  },
  audit: {
    load: async () => (await import('./commands/audit.js')).runAudit,
    summary: `${AUDIT_USAGE.replace('用法：jixiao ', '')}\n                           批量导入并校验文件夹或 .zip 中的全部材料，输出汇总工作簿`,
  },
  render: {
    load: async () => (await import('./commands/render.js')).runRender,
    summary: 'render 文件 --format docx|xlsx|pdf [-o 输出]  生成自评报告 Word/PDF 或附表 Excel',
  },
  rules: {
    load: async () => (await import('./commands/rules.js')).runRules,
    summary: 'rules [--json]           列出全部校验规则（编号、级别、说明）',
  },
  schema: {
    load: async () => (await import('./commands/schema.js')).runSchema,
    summary: 'schema                   输出绩效自评包格式的 JSON Schema',
  },
  serve: {
    load: async () => (await import('./commands/serve.js')).runServe,
    summary: 'serve [--processes N]    启动审核服务（正式部署：不建演示数据；N 个进程需 PostgreSQL）',
  },
  worker: {
    load: async () => (await import('./commands/worker.js')).runWorker,
    summary: 'worker                   后台任务进程：批量导出、批量审核与下达任务（PostgreSQL 部署，可开多个）',
  },
  admin: { load: async () => (await import('./commands/admin.js')).runAdmin, summary: ADMIN_USAGE },
  backup: { load: async () => (await import('./commands/backup.js')).runBackup, summary: BACKUP_USAGE },
  restore: { load: async () => (await import('./commands/backup.js')).runRestore, summary: RESTORE_USAGE },
};

const HELP = [
  'jixiao — 预算绩效自评：计算、校验、生成文书、导入',
  '',
  '命令：',
  ...Object.values(COMMANDS).map((c) => `  jixiao ${c.summary}`),
  '',
  '退出码：0 无错误；1 有错误；2 输入无法读取',
].join('\n');

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`不认识的命令“${name}”\n\n${HELP}`);
    return 2;
  }
  try {
    const run = await command.load();
    return await run(rest);
  } catch (error) {
    // A bug must still not show a user a stack trace; the detail goes to stderr for us.
    console.error(`内部错误：${error instanceof Error ? error.message : String(error)}（请把此信息反馈给开发者）`);
    return 3;
  }
}
