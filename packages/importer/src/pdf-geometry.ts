/** Affine matrices as PDF writes them: [a, b, c, d, e, f] maps (x, y) to (ax + cy + e, bx + dy + f). */
export type Matrix = [number, number, number, number, number, number];

/** `outer` after `inner`: the matrix that applies `inner` first (pdfjs `Util.transform(outer, inner)`). */
export function multiply(outer: Matrix, inner: Matrix): Matrix {
  const [a, b, c, d, e, f] = outer;
  const [g, h, i, j, k, l] = inner;
  return [a * g + c * h, b * g + d * h, a * i + c * j, b * i + d * j, a * k + c * l + e, b * k + d * l + f];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** How long a unit upright in the matrix's input comes out: the height of an em on the page. */
export function scaleOf(m: Matrix): number {
  return Math.hypot(m[2], m[3]);
}
