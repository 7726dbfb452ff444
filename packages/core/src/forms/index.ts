/**
 * The forms of a package, each described once: 附件1 (basic-data.ts), 附件2 (overall.ts), 附件3
 * (project.ts, with its layouts), the blocks 附件2 and 附件3 share (evaluation.ts), 附件4–6
 * (other-funds.ts), the report (report.ts) and the signature line (signature.ts). The schema,
 * compute, the rules, the importer, the documents and the editor read them from here.
 */
export * from './types.js';
export * from './basic-data.js';
export * from './evaluation.js';
export * from './overall.js';
export * from './project.js';
export * from './other-funds.js';
export * from './report.js';
export * from './signature.js';
