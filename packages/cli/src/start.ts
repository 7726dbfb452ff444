/** `npm start` before the service exists: check the bundled example and say what to try next. */
import { fileURLToPath } from 'node:url';
import { main } from './main.js';

const example = fileURLToPath(new URL('../../../examples/lvxianting-2023.json', import.meta.url));
const code = await main(['check', example]);
console.log(
  [
    '',
    '—— 以上是内置示例（岳阳市岳阳楼区吕仙亭街道办事处 2023 年度）的校验结果 ——',
    '接下来可以试试：',
    '  npx jixiao check 你的文件.json          校验自己的绩效自评包',
    '  npx jixiao check examples/lvxianting-2023.json --json   以 JSON 输出',
    '  npx jixiao rules                        查看全部校验规则',
  ].join('\n'),
);
process.exitCode = code > 1 ? code : 0;
