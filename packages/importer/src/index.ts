export { importFile } from './import.js';
export { PART_NAMES } from './result.js';
export type { ImportNote, ImportResult, PartId, UncertainRow, UnmappedItem } from './result.js';
export type { ImportOptions } from './import.js';
export { readText } from './text-reader.js';
export type { SourceBlock, SourceCell, SourceDocument, SourceParagraph, SourceRow } from './source.js';
export { LIMITS } from './errors.js';
