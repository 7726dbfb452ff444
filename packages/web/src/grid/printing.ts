import { ref } from 'vue';

/**
 * Whether the page is being printed. A sheet then renders all its rows, not only those in its scroller's
 * view, so that the paper holds the whole table. Set from the print media query (also what an emulated
 * print medium changes) and from beforeprint/afterprint, which fire before the browser lays out the pages.
 */
export const printing = ref(false);

if (typeof window !== 'undefined' && typeof window.matchMedia === 'function') {
  const query = window.matchMedia('print');
  printing.value = query.matches;
  query.addEventListener('change', (e) => (printing.value = e.matches));
  window.addEventListener('beforeprint', () => (printing.value = true));
  window.addEventListener('afterprint', () => (printing.value = query.matches));
}
