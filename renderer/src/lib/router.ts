/**
 * Hash routes, because the app is one file loaded from disk (`index.html#/mfa?serial=…` is how
 * main opens the MFA popup) and main blocks every real navigation. Parsing is pure so it can be
 * tested; `useRoute` re-renders on `hashchange`.
 */
import { useMemo, useSyncExternalStore } from 'react';

export type Route =
  | { name: 'profiles' }
  | { name: 'source-new' }
  | { name: 'source-edit'; source: string }
  | { name: 'sessions' }
  | { name: 'settings' }
  | { name: 'about' }
  | { name: 'mfa'; serial?: string };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  const params = new URLSearchParams(query);
  switch (parts[0]) {
    case 'sessions':
      return { name: 'sessions' };
    case 'settings':
      return { name: 'settings' };
    case 'about':
      return { name: 'about' };
    case 'mfa': {
      const serial = params.get('serial');
      return serial ? { name: 'mfa', serial } : { name: 'mfa' };
    }
    case 'sources':
      if (parts[1] === 'new') return { name: 'source-new' };
      if (parts[1] === 'edit' && parts[2]) return { name: 'source-edit', source: parts[2] };
      return { name: 'profiles' };
    default:
      return { name: 'profiles' };
  }
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'source-edit':
      return `#/sources/edit/${encodeURIComponent(route.source)}`;
    case 'source-new':
      return '#/sources/new';
    case 'mfa':
      return route.serial ? `#/mfa?serial=${encodeURIComponent(route.serial)}` : '#/mfa';
    default:
      return `#/${route.name}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const subscribe = (cb: () => void): (() => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};
const getHash = (): string => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, getHash);
  return useMemo(() => parseRoute(hash), [hash]);
}
