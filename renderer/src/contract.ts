/**
 * The renderer's one doorway to the shared contract: the types of `window.api` and its payloads
 * (derived from the preload implementation, never written twice) and the pure time-left helpers.
 */
export type * from '../../electron/preload/api-types';
export { formatTimeLeft, msUntilTextChanges } from '../../electron/shared/time-left';
export { configSectionName } from '../../electron/shared/profile-rules';
export { DEFAULT_EXTENSION_SECONDS, fallbackFor, looksElevated, TIME_BOXES } from '../../electron/shared/elevation-rules';
export { elevationEnding, fellBack, signOutOutcomes } from '../../electron/shared/elevation-notices';
