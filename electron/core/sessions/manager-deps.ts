/** What the session manager is given and takes: its dependencies and the options of its operations. */
import type { CredentialEngine } from '../sts/engine';
import type { TemporaryCredentials } from '../sts/types';
import type { ProfileCatalog } from '../profiles/catalog';
import type { Marker } from '../aws-files/marker';
import type { Clock } from './clock';
import type { WaitOptions } from './mfa-broker';
import type { HeldBy, SessionRecord } from './types';

export interface ManagerSettings {
  defaultTarget: string;
  roleTargets: Record<string, string>;
  leadTimeSeconds: number;
  removeExpired: boolean;
  /** Profiles the user marked elevated (W4): never a baseline, shown as elevated everywhere. */
  elevatedProfiles: readonly string[];
  /** A baseline chosen per target (Settings), over the one the target's history gives. */
  baselines: Record<string, string>;
}

/** Writes and removes Rolecall's sections in the credentials file (the byte-preserving writer). */
export interface CredentialsWriter {
  /**
   * `expectSource`: only if the section is absent or still holds that profile's session (refreshes).
   * `region`: the session's region, written with the keys where the user has set none for `target`.
   */
  write(target: string, creds: TemporaryCredentials, marker: Marker & { expiresAt: Date; source: string }, opts: { takeOver: boolean; expectSource?: string; region?: string }): Promise<{ backupPath?: string }>;
  /**
   * `expectSource`: only if the section still holds that profile's session (expiry, signout by
   * profile); `expiredBy`: only if its marker says it has ended by then (expiry, adoption).
   */
  remove(target: string, opts?: { expectSource?: string; expiredBy?: Date }): Promise<boolean>;
  /** Rewrites only the section's marker (an elevation extended), if it still holds `expectSource`'s session. */
  retag(target: string, marker: Marker & { expiresAt: Date; source: string }, opts: { expectSource: string }): Promise<boolean>;
}

export interface ManagerDeps {
  engine: CredentialEngine;
  loadCatalog(): Promise<ProfileCatalog>;
  writer: CredentialsWriter;
  /** The sessions the credentials file's markers record (ledger.ts); never writes. */
  readLedger(): Promise<SessionRecord[]>;
  clock: Clock;
  settings(): ManagerSettings;
  /** Who this manager is: the app and the agent keep sessions fresh; the CLI (`cli`) sets no timers. */
  holder: HeldBy;
}

/** How a detached resolve (credential_process, console URL) may prompt, and for whom. */
export interface DetachedOptions {
  promptForMfa: boolean;
  mfaCode?: string;
  minRemainingSeconds?: number;
  /** A session of this length (`rolecall exec --duration`), within what the profile allows. */
  durationSeconds?: number;
  prompt?: WaitOptions;
}

/** How an operation may get a code: given, asked through the prompt, or neither (MfaRequired). */
export interface CodeOptions {
  mfaCode?: string;
  promptForMfa?: boolean;
  prompt?: WaitOptions;
}
