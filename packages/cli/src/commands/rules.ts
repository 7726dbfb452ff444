/** `jixiao rules [--json]`: every rule with its id, severity and description. */
import { describeRules } from '@jixiao/core';
import { padDisplay } from '../text-layout.js';

export async function runRules(argv: string[]): Promise<number> {
  const rules = describeRules();
  if (argv.includes('--json')) {
    console.log(JSON.stringify(rules, null, 2));
    return 0;
  }
  const width = Math.max(...rules.map((r) => r.id.length)) + 2;
  console.log(`共 ${rules.length} 条规则\n`);
  for (const r of rules) console.log(`${padDisplay(r.id, width)}${r.severity}  ${r.description}`);
  return 0;
}
