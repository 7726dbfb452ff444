/**
 * Loading pdfjs-dist once, on the first PDF, so text and Office imports never pay for it.
 *
 * The legacy build (the one meant for Node) bundles core-js, which on Node 20 replaces built-ins
 * that Node already has: Array.prototype.push (V8 < 12.2 fails one of core-js's edge-case checks),
 * JSON.parse and JSON.stringify. The replacements are several times slower and would stay for the
 * life of the process — every array and every JSON body of the server after its first PDF import.
 * The natives are put back once pdfjs is loaded; what core-js only adds (Promise.withResolvers,
 * iterator helpers, Uint8Array.prototype.toHex, …) stays, since pdfjs needs it.
 */
type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** Objects whose existing properties the legacy build may overwrite (on Node 20 it does push, JSON.parse/stringify, toString). */
const PATCHED: readonly object[] = [Array.prototype, JSON, Function.prototype, Object, Promise, Math, Number, String.prototype];

const WORKER = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

let loading: Promise<Pdfjs> | undefined;

export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= load();
  return loading;
}

/**
 * What pdfjs-dist needs of DOMMatrix without a canvas: its display module builds one when it is
 * loaded, and its worker scales and moves one to trace bitmap glyphs. pdfjs takes DOMMatrix from
 * @napi-rs/canvas (an optional native package) when that is installed; without it pdfjs cannot
 * even be loaded, so this 2-D stand-in takes its place.
 */
class AffineMatrix {
  a = 1;
  b = 0;
  c = 0;
  d = 1;
  e = 0;
  f = 0;

  constructor(init?: ArrayLike<number>) {
    if (init?.length === 6)
      [this.a, this.b, this.c, this.d, this.e, this.f] = Array.from(init, Number) as [number, number, number, number, number, number];
  }

  scaleSelf(x = 1, y = x): this {
    this.a *= x;
    this.b *= x;
    this.c *= y;
    this.d *= y;
    return this;
  }

  translateSelf(x = 0, y = 0): this {
    this.e += this.a * x + this.c * y;
    this.f += this.b * x + this.d * y;
    return this;
  }
}

async function load(): Promise<Pdfjs> {
  const saved = PATCHED.map((target) => [target, Object.getOwnPropertyDescriptors(target)] as const);
  // Set before loading: pdfjs tries @napi-rs/canvas first and keeps a DOMMatrix that is already there.
  if (!('DOMMatrix' in globalThis)) Object.assign(globalThis, { DOMMatrix: AffineMatrix });
  try {
    // The worker module registers itself as globalThis.pdfjsWorker, which pdfjs then runs on this
    // thread (its "fake worker"): no worker file is looked up by path. It has no type declarations
    // and is loaded only for that effect, hence the specifier in a variable.
    const [pdfjs] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import(WORKER)]);
    return pdfjs;
  } finally {
    for (const [target, descriptors] of saved) {
      for (const [key, descriptor] of Object.entries(descriptors)) {
        const now = Object.getOwnPropertyDescriptor(target, key);
        if (!Object.is(now?.value, descriptor.value) || now?.get !== descriptor.get) Object.defineProperty(target, key, descriptor);
      }
    }
  }
}
