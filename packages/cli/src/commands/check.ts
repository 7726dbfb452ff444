/** `jixiao check FILE [--json]`: the package's key figures and findings; exit 0 clean, 1 with 错误, 2 unreadable. */
import { SEVERITIES, check, type Finding, type Package } from '@jixiao/core';
import { loadPackage } from '../load.js';
import { keyFigures } from '../summary.js';
import { padDisplay } from '../text-layout.js';

export const CHECK_USAGE = '用法：jixiao check 文件 [--json]';

function describeLocation(finding: Finding): string {
  const { part, row, column } = finding.location;
  return [part, row, column].filter(Boolean).join(' · ');
}

function printText(pkg: Package, result: ReturnType<typeof check>, notes: string[]): void {
  const out: string[] = [];
  out.push(`${pkg.unit.name} · ${pkg.year} 年度 · 模板：${result.computed.template.name}`, '');
  out.push('主要数据');
  const figures = keyFigures(pkg, result);
  for (const f of figures) out.push(`  ${padDisplay(f.label, 20)}${f.value}`);
  out.push('');
  if (result.absent.length > 0) out.push(`本文件不含：${result.absent.map((a) => a.name).join('、')}（未作检查）`);
  for (const note of notes) out.push(`说明：${note}`);
  const { counts } = result;
  out.push(`校验结果：错误 ${counts.错误} 项，警告 ${counts.警告} 项，提示 ${counts.提示} 项`);
  for (const severity of SEVERITIES) {
    const group = result.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push('', `${severity}（${group.length}）`);
    for (const f of group) out.push(`  · ${f.message}`, `    位置：${describeLocation(f)}  规则：${f.ruleId}`);
  }
  console.log(out.join('\n'));
}

export async function runCheck(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = argv.filter((a) => a.startsWith('--') && a !== '--json');
  if (files.length !== 1 || unknown.length > 0) {
    console.error(unknown.length > 0 ? `不认识的选项：${unknown.join(' ')}\n${CHECK_USAGE}` : CHECK_USAGE);
    return 2;
  }
  const loaded = await loadPackage(files[0] as string);
  if (!loaded.ok) {
    if (json) console.log(JSON.stringify({ ok: false, message: loaded.message, issues: loaded.issues }, null, 2));
    else {
      console.error(loaded.message);
      for (const issue of loaded.issues.slice(0, 50)) console.error(`  · ${issue.label}（${issue.path}）：${issue.message}`);
      if (loaded.issues.length > 50) console.error(`  …… 另有 ${loaded.issues.length - 50} 处`);
    }
    return 2;
  }
  const pkg = loaded.package;
  const result = check(pkg);
  if (json) {
    const overall = result.computed.overall;
    console.log(
      JSON.stringify(
        {
          ok: true,
          unit: pkg.unit.name,
          year: pkg.year,
          template: result.computed.template.id,
          figures: keyFigures(pkg, result),
          total: overall?.total ? overall.total.toFixed(2) : null,
          grade: overall?.grade ?? null,
          absent: result.absent,
          counts: result.counts,
          findings: result.findings,
          notes: loaded.notes,
        },
        null,
        2,
      ),
    );
  } else printText(pkg, result, loaded.notes);
  return result.counts.错误 > 0 ? 1 : 0;
}
