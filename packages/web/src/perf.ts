/**
 * Timings of the editor, read by the end-to-end run to report recomputation and first-render times.
 * Kept on `window` so that a test driving the browser can read them without any debug build.
 */
export interface EditorTimings {
  /** Milliseconds of recomputing the derived figures after each edit, in order. */
  recomputeMs: number[];
  /** Milliseconds of each full check (all rules, in the background worker). */
  checkMs: number[];
  /** Milliseconds from opening a package until its editor was on screen. */
  firstRenderMs: number[];
}

declare global {
  interface Window {
    __jixiaoTimings?: EditorTimings;
  }
}

/** `globalThis` is `window` in the browser; in Node (the editor model's tests) it is the global object. */
function timings(): EditorTimings {
  const host = globalThis as { __jixiaoTimings?: EditorTimings };
  host.__jixiaoTimings ??= { recomputeMs: [], checkMs: [], firstRenderMs: [] };
  return host.__jixiaoTimings;
}

export function recordRecompute(ms: number): void {
  timings().recomputeMs.push(ms);
}

export function recordFirstRender(ms: number): void {
  timings().firstRenderMs.push(ms);
}

export function recordCheck(ms: number): void {
  timings().checkMs.push(ms);
}
