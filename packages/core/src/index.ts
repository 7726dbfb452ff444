export * from './model.js';
export * from './decimal.js';
export * from './format.js';
export * from './draft.js';
export * from './diff.js';
