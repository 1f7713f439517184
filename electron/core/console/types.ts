/**
 * Types of the console sign-in feature. `federation` is added here rather than in the engine's
 * `CredentialKind` because only the console needs it: the engine never produces federation tokens,
 * the IAM-user console path below does.
 */
import type { CredentialKind } from '../sts/engine-types';

/** How a set of credentials came to be, as far as the federation endpoint cares. */
export type ConsoleCredentialKind = CredentialKind | 'federation';

/**
 * The credentials a console URL can be made from. `SessionCredentials` (from `credentialsFor`)
 * satisfies it, and so does what {@link federationTokenForUser} returns.
 */
export interface ConsoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  kind: ConsoleCredentialKind;
  region?: string;
  identityArn?: string;
}

export interface ConsoleSigninOptions {
  /** Region of the destination; else the credentials' region, else us-east-1. Picks the partition too. */
  region?: string;
  /** Console path (`/s3/home`, `s3`, `/ec2/home#Instances`); the console home page when absent. */
  path?: string;
  /** Shown by AWS as "return to issuer"; `Rolecall` when absent. */
  issuer?: string;
  /**
   * Console session length (900–43,200 s). Sent only for roles assumed directly with long-term keys:
   * the endpoint rejects it for chained roles and federation tokens, whose console session lasts as
   * long as the credentials.
   */
  sessionDurationSeconds?: number;
  /**
   * Replaces the partition's federation endpoint (tests, proxies). Also read from
   * `ROLECALL_FEDERATION_ENDPOINT`. Must be https, or http on a loopback address.
   */
  federationEndpoint?: string;
  fetch?: typeof fetch;
  /** Deadline for the getSigninToken call; 10 s when absent. */
  timeoutMs?: number;
  /** The current time (tests); `new Date()` when absent. */
  now?: Date;
  /** Environment to read `ROLECALL_FEDERATION_ENDPOINT` from; `process.env` when absent. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ConsoleSigninUrl {
  /** The login URL. It carries a sign-in token: treat it as a secret (clipboard, browser, never logs). */
  url: string;
  /** The URL stops working 15 minutes after it was made: fetch a new one on demand, never cache. */
  expiresAt: Date;
  /** When the console session that the URL opens will end. */
  consoleSessionEndsAt: Date;
  /** `SessionDuration` that was sent, if any. */
  sessionDurationSeconds?: number;
}
