/** The `jixiao` command: one word picks the command, the rest is its arguments. */
import { ADMIN_USAGE, runAdmin } from './commands/admin.js';
import { AUDIT_USAGE, runAudit } from './commands/audit.js';
import { BACKUP_USAGE, RESTORE_USAGE, runBackup, runRestore } from './commands/backup.js';
import { runCheck } from './commands/check.js';
import { runImport } from './commands/import.js';
import { runRender } from './commands/render.js';
import { runRules } from './commands/rules.js';
import { runSchema } from './commands/schema.js';
import { runServe } from './commands/serve.js';

type Command = { run: (argv: string[]) => Promise<number>; summary: string };

const COMMANDS: Record<string, Command> = {
  check: { run: runCheck, summary: 'check 文件 [--json]      计算并校验绩效自评包，列出主要数据和发现的问题' },
  import: { run: runImport, summary: 'import 文件 [-o 输出.json]  导入文本 / Word / Excel / PDF 为绩效自评包' },
  audit: {
    run: runAudit,
    summary: `${AUDIT_USAGE.replace('用法：jixiao ', '')}\n                           批量导入并校验文件夹或 .zip 中的全部材料，输出汇总工作簿`,
  },
  render: { run: runRender, summary: 'render 文件 --format docx|xlsx|pdf [-o 输出]  生成自评报告 Word/PDF 或附表 Excel' },
  rules: { run: runRules, summary: 'rules [--json]           列出全部校验规则（编号、级别、说明）' },
  schema: { run: runSchema, summary: 'schema                   输出绩效自评包格式的 JSON Schema' },
  serve: { run: runServe, summary: 'serve                    启动审核服务（正式部署：不建演示数据）' },
  admin: { run: runAdmin, summary: ADMIN_USAGE },
  backup: { run: runBackup, summary: BACKUP_USAGE },
  restore: { run: runRestore, summary: RESTORE_USAGE },
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
    return await command.run(rest);
  } catch (error) {
    // A bug must still not show a user a stack trace; the detail goes to stderr for us.
    console.error(`内部错误：${error instanceof Error ? error.message : String(error)}（请把此信息反馈给开发者）`);
    return 3;
  }
}
