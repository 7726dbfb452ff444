/**
 * `jixiao admin create --username U --name 姓名 [--org 财政局名称]`: the first administrator of a
 * deployment. The password is typed at a prompt (not echoed) or read from standard input, never
 * given as an argument, where other users of the machine could see it.
 */
import { createInterface } from 'node:readline';
import { ADMIN_USAGE } from '../usage.js';

function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

/** The password: at a prompt that does not echo it, or the first line of piped input. */
async function readPassword(): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const lines = createInterface({ input });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    return '';
  }
  process.stdout.write('新管理员的密码（至少 8 个字符，输入时不显示）：');
  const rl = createInterface({ input, output: process.stdout, terminal: true });
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  const password = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return password;
}

export async function runAdmin(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const username = option(rest, '--username');
  const displayName = option(rest, '--name');
  if (sub !== 'create' || !username || !displayName) {
    console.error(`用法：jixiao ${ADMIN_USAGE}`);
    return 2;
  }
  const financeName = option(rest, '--org');
  const password = await readPassword();
  const server = await import('@jixiao/server');
  const db = await server.openDatabase(server.configFromEnv()).catch((error: unknown) => {
    console.error(`无法打开数据库：${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  if (!db) return 2;
  try {
    const made = await server.createAdministrator(db, { username, displayName, password, ...(financeName ? { financeName } : {}) });
    console.log(`已创建管理员 ${made.username}（${made.orgName}）。用它登录后，在“管理”中建立组织和账号。`);
    return 0;
  } catch (error) {
    if (error instanceof server.AdministratorError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    await db.close();
  }
}
