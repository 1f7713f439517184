/** Console sign-in: login URLs from role or federation sessions, and the IAM-user federation path. */
export { consoleSigninUrl, SIGNIN_URL_LIFETIME_MS, MIN_CONSOLE_SESSION_SECONDS, MAX_CONSOLE_SESSION_SECONDS } from './signin-url';
export { consoleDestination, partitionHosts, assertRegion, type ConsolePartition, type PartitionHosts } from './partition';
export {
  federationTokenForUser,
  federationName,
  ALLOW_ALL_SESSION_POLICY,
  FEDERATION_LIMITS_NOTICE,
  MIN_FEDERATION_SECONDS,
  MAX_FEDERATION_SECONDS,
  type FederationTokenCaller,
} from './federation-token';
export type { ConsoleCredentialKind, ConsoleCredentials, ConsoleSigninOptions, ConsoleSigninUrl } from './types';
