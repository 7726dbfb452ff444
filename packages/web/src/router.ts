/** Hash routes: the service serves one static page, so the route lives after `#`. */
import { ref } from 'vue';

export type Route =
  | { name: 'login' }
  | { name: 'packages' }
  | { name: 'package'; id: string }
  | { name: 'review' }
  | { name: 'overview' }
  | { name: 'audit' }
  | { name: 'admin' }
  | { name: 'tasks' }
  | { name: 'local' };

function parse(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const pkg = /^\/packages\/([^/?]+)$/.exec(path);
  if (pkg) return { name: 'package', id: decodeURIComponent(pkg[1]!) };
  if (path === '/packages') return { name: 'packages' };
  if (path === '/review') return { name: 'review' };
  if (path === '/overview') return { name: 'overview' };
  if (path === '/audit') return { name: 'audit' };
  if (path === '/admin') return { name: 'admin' };
  if (path === '/tasks') return { name: 'tasks' };
  if (path === '/local') return { name: 'local' };
  return { name: 'login' };
}

export const route = ref<Route>(parse(window.location.hash));
window.addEventListener('hashchange', () => (route.value = parse(window.location.hash)));

export function go(path: string): void {
  window.location.hash = path;
}
