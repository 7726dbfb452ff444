// Packages shaped like the real seed, each one different: the bench and the core's equality test check
// many of them, so that nothing kept from checking one package (a paragraph already read) can make the
// next one look cheaper than a unit's own package is. Pure and reproducible: variant i is always the same.
import { seededRandom } from '@jixiao/core';

/** Money cells of the tables: every one is scaled by the same whole number, so sums and rates still hold. */
const FUNDS_KEYS = ['initialBudget', 'fullYearBudget', 'executed'];

/** Money in prose: an amount and its unit (万 alone is 万元 unless a measure word of people or things follows). */
const MONEY = /(\d[\d,]*(?:\.\d+)?)(\s*)(亿元|万元|千元|元|万(?![人户册份次个件名只株亩条家项所辆台座处批套篇期种类场余多]))/g;

/** Characters of the generated place names: three of them spell a variant's index in base 30. */
const NAME_CHARS = '东南西北青石桃李松柏云溪湖山河岭港湾泉林枫竹梅兰川塘桥坪岗洲';
const PHRASES = ['持续优化营商环境', '扎实推进民生实事', '不断加强队伍建设', '稳步推进基层治理', '全面落实安全责任', '深入开展作风整治'];

function placeName(i) {
  const n = NAME_CHARS.length;
  return NAME_CHARS[i % n] + NAME_CHARS[Math.floor(i / n) % n] + NAME_CHARS[Math.floor(i / n / n) % n];
}

/** Decimal text × a whole number, exactly, keeping its decimals: "797.20" × 3 → "2391.60". */
function scaleText(text, factor) {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const digits = (BigInt(whole + fraction) * BigInt(factor)).toString().padStart(fraction.length + 1, '0');
  const scaled = fraction ? `${digits.slice(0, -fraction.length)}.${digits.slice(-fraction.length)}` : digits;
  return negative && /[1-9]/.test(scaled) ? `-${scaled}` : scaled;
}

const scaleCell = (cell, factor) => (cell === null ? null : scaleText(cell, factor));

function scaleColumns(row, keys, factor) {
  for (const key of keys) if (key in row) row[key] = scaleCell(row[key], factor);
}

function scaleTables(pkg, factor) {
  const data = pkg.basicData;
  if (data) {
    for (const row of Object.values(data.rows)) scaleColumns(row, ['prior', 'budget', 'actual'], factor);
    for (const lines of Object.values(data.lines)) for (const line of lines) scaleColumns(line, ['prior', 'budget', 'actual'], factor);
    if (data.buildings) scaleColumns(data.buildings, ['budgetInvestment', 'actualInvestment'], factor);
  }
  if (pkg.overall) {
    scaleColumns(pkg.overall.funds, FUNDS_KEYS, factor);
    scaleColumns(pkg.overall.byIncome, Object.keys(pkg.overall.byIncome), factor);
    scaleColumns(pkg.overall.byExpense, Object.keys(pkg.overall.byExpense), factor);
  }
  for (const project of pkg.projects ?? []) {
    scaleColumns(project.funds, FUNDS_KEYS, factor);
    for (const source of project.fundSources) scaleColumns(source, FUNDS_KEYS, factor);
  }
  for (const table of Object.values(pkg.otherFunds)) for (const row of table?.rows ?? []) scaleColumns(row, ['budget', 'actual'], factor);
}

/**
 * The paragraph with its money scaled like the tables (or, in a package meant to disagree with itself, an
 * amount now and then off by a few cents or yuan), the unit's name replaced, and a sentence of its own.
 */
function varyParagraph(text, { factor, name, next, sloppy }) {
  let out = text.replaceAll('吕仙亭', name).replace(MONEY, (_, number, space, unit) => {
    let scaled = scaleText(number.replaceAll(',', ''), factor);
    if (sloppy && next() < 0.15 && scaled.includes('.')) scaled = bump(scaled, next);
    return `${scaled}${space}${unit}`;
  });
  if (sloppy) out = out.replace(/(\d+\.\d+)([%％])/g, (written, number, sign) => (next() < 0.3 ? `${bump(number, next)}${sign}` : written));
  if (out.length > 30) {
    const stops = [...out.matchAll(/。/g)].map((m) => m.index + 1);
    const at = stops.length > 0 ? stops[Math.floor(next() * stops.length)] : out.length;
    out = `${out.slice(0, at)}${name}街道${PHRASES[Math.floor(next() * PHRASES.length)]}。${out.slice(at)}`;
  }
  return out;
}

/** An amount off by 0.01–0.99 (two decimals kept): what a typo or a stale figure in the text looks like. */
function bump(text, next) {
  const cents = BigInt(text.replace('.', '')) + BigInt(1 + Math.floor(next() * 99));
  const digits = cents.toString().padStart(3, '0');
  const decimals = text.length - text.indexOf('.') - 1;
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/**
 * Variant `index` of `seed` (its JSON form, as read from examples/): amounts × 1…23, its own place name, a
 * sentence of its own in every paragraph of prose; every fourth variant states some amounts and rates
 * wrongly, every fifth has a project line's spending off in 附件1.
 */
export function seedVariant(seed, index) {
  const pkg = structuredClone(seed);
  const next = seededRandom(index + 1);
  const factor = 1 + (index % 23);
  const name = placeName(index);
  const vary = { factor, name, next, sloppy: index % 4 === 3 };
  scaleTables(pkg, factor);
  // Every fifth variant's tables disagree with themselves too: one project line's spending is off.
  const lines = pkg.basicData?.lines.localSpecial ?? [];
  if (index % 5 === 4 && lines.length > 0) {
    const line = lines[Math.floor(next() * lines.length)];
    if (line.actual?.includes('.')) line.actual = bump(line.actual, next);
  }
  pkg.unit.name = pkg.unit.name.replaceAll('吕仙亭', name);
  if (pkg.basicData) pkg.basicData.unitName = pkg.basicData.unitName.replaceAll('吕仙亭', name);
  if (pkg.overall) pkg.overall.unitName = pkg.overall.unitName.replaceAll('吕仙亭', name);
  if (pkg.report) {
    pkg.report.cover.title = pkg.report.cover.title.replaceAll('吕仙亭', name);
    for (const section of pkg.report.sections) section.paragraphs = section.paragraphs.map((p) => varyParagraph(p, vary));
  }
  return pkg;
}

/** Variants `from` … `from + count − 1`. */
export function seedVariants(seed, count, from = 0) {
  return Array.from({ length: count }, (_, i) => seedVariant(seed, from + i));
}
