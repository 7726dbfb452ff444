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

function timings(): EditorTimings {
  window.__jixiaoTimings ??= { recomputeMs: [], checkMs: [], firstRenderMs: [] };
  return window.__jixiaoTimings;
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
