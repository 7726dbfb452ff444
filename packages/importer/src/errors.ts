/** A file that cannot be imported at all. The message is Chinese and says what is wrong. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** Bounds that keep a hostile file from exhausting time or memory. */
export const LIMITS = {
  /** Largest file accepted, in bytes. */
  fileBytes: 20 * 1024 * 1024,
  /** Largest total of decompressed zip entries read, in bytes. */
  unzippedBytes: 60 * 1024 * 1024,
  /** Largest single decompressed entry, in bytes. */
  entryBytes: 20 * 1024 * 1024,
  /** Most entries a DOCX/XLSX zip may list. */
  zipEntries: 5000,
  /** Highest compression ratio accepted for an entry (zip bombs reach about 1000). */
  compressionRatio: 200,
  /** Deepest XML element nesting accepted. */
  xmlDepth: 256,
  /** Most XML elements in one part (a real document.xml of a report has well under 100 000). */
  xmlElements: 2_000_000,
  /** Most rows or paragraphs read from one document. */
  blocks: 200_000,
  /** Most table cells read from one document or sheet. */
  cells: 1_000_000,
} as const;

export function formatBytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
