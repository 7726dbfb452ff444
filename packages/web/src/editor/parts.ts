/** Adding a part a package lacks: what each part starts as, named as the forms name it. */
import {
  BASIC_DATA_FORM,
  OTHER_FUNDS,
  OVERALL_FORM,
  PROJECT_FORM,
  REPORT_FORM,
  emptyBasicData,
  emptyOtherFund,
  emptyOverall,
  emptyReport,
  type OtherFundKey,
  type Package,
} from '@jixiao/core';

export type PartKey = 'basicData' | 'overall' | 'projects' | 'report' | OtherFundKey;

export const PART_ADDERS: Record<PartKey, { name: string; add(pkg: Package): void }> = {
  basicData: {
    name: `${BASIC_DATA_FORM.part} ${BASIC_DATA_FORM.name}`,
    add: (pkg) => (pkg.basicData = { ...emptyBasicData(), unitName: pkg.unit.name }),
  },
  overall: {
    name: `${OVERALL_FORM.part} ${OVERALL_FORM.name}`,
    add: (pkg) => (pkg.overall = { ...emptyOverall(), unitName: pkg.unit.name }),
  },
  projects: { name: `${PROJECT_FORM.part} ${PROJECT_FORM.name}`, add: (pkg) => (pkg.projects = []) },
  report: { name: REPORT_FORM.name, add: (pkg) => (pkg.report = emptyReport(pkg.year, pkg.unit.name)) },
  ...(Object.fromEntries(
    OTHER_FUNDS.map((fund) => [
      fund.key,
      { name: `${fund.part} ${fund.fund}支出情况表`, add: (pkg: Package) => (pkg.otherFunds[fund.key] = emptyOtherFund()) },
    ]),
  ) as unknown as Record<OtherFundKey, { name: string; add(pkg: Package): void }>),
};
