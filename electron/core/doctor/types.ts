/**
 * The shapes of `rolecall doctor` and the Diagnostics view: each check is plain data (no secrets, no
 * stacks) so the CLI can print it, `--json` can emit it and IPC can carry it to the renderer as is.
 */
import type { AwsPaths } from '../aws-files/paths';
import type { SecretStore } from '../keychain/secret-store';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One finding. `fix` says what to do (often a command to run); absent when there is nothing to do. */
export interface DoctorCheck {
  /** Stable id the UI and scripts key off, e.g. `file-mode:credentials` or `profile-invalid:admin`. */
  id: string;
  status: CheckStatus;
  message: string;
  fix?: string;
}

/** What the clock check needs from the network: the `Date` header of one unsigned GET. */
export type DateFetcher = (url: string, timeoutMs: number) => Promise<{ date: string | null }>;

/** The settings the checks look at (where Rolecall writes by default). */
export interface DoctorSettings {
  defaultTarget: string;
  roleTargets: Record<string, string>;
  /** Access keys older than this many days are reported (rotation/key-age.ts). */
  keyMaxAgeDays?: number;
}

export interface DoctorDeps {
  /** The environment the user's AWS tools run with (credential variables, AWS_PROFILE, endpoints). */
  env: Readonly<Record<string, string | undefined>>;
  paths: AwsPaths;
  /** The keychain, as the app or CLI opened it (with its deadline). Only read from. */
  secrets: Pick<SecretStore, 'listSources' | 'getSource'>;
  settings: DoctorSettings;
  /** Epoch ms; default Date.now. Decides which managed sections count as expired and the clock offset. */
  now?: () => number;
  /** Default process.platform (file modes are not checked on Windows). */
  platform?: NodeJS.Platform;
  /** Default: an unsigned HTTPS/HTTP GET with Node's fetch. */
  fetchDate?: DateFetcher;
  /** Deadline of the clock check's request; default 5000 ms. */
  clockTimeoutMs?: number;
  /** Skips the network check entirely (offline diagnostics); default false. */
  skipClock?: boolean;
  /** Extra findings gathered by the caller (e.g. a state file problem); listed first. */
  extra?: DoctorCheck[];
}
