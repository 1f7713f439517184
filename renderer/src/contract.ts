/**
 * The renderer's one doorway to the shared contract: the types of `window.api` and its payloads
 * (derived from the preload implementation, never written twice) and the pure time-left helpers.
 *
 * The lint boundary's `electron` pattern is meant for the `electron` package, but as a gitignore
 * pattern it also matches this repository's `electron/` folder; the contract is exactly what the
 * renderer is allowed to see, so it is imported here, once, with the rule disabled per line.
 */
// eslint-disable-next-line no-restricted-imports -- the shared contract, not the `electron` package (see above)
export type * from '../../electron/preload/api-types';
// eslint-disable-next-line no-restricted-imports -- pure helpers from electron/shared, no Node and no Electron
export { formatTimeLeft, msUntilTextChanges } from '../../electron/shared/time-left';
