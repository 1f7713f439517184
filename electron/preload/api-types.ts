/**
 * `window.api` for the renderer, typed from the preload implementation (`RolecallApi`), so the two
 * can never drift. Included by the web tsconfig; it imports types only.
 */
import type { RolecallApi } from './api';

export type { RolecallApi };
export type * from '../shared/ipc';

declare global {
  interface Window {
    api: RolecallApi;
  }
}
