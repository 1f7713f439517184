/**
 * How old each keychain source's access key is and when it was last used (ListAccessKeys +
 * GetAccessKeyLastUsed), and the one rule of "too old" (the `keyMaxAgeDays` setting, 90 by default:
 * Security Hub's IAM.3). Read-only: it never prompts (an MFA session is used only when one is
 * cached) and never writes, so `rolecall list` and `doctor` can call it.
 */
import type { DoctorCheck } from '../doctor/types';
import { RolecallError } from '../errors';
import type { SecretStore } from '../keychain/secret-store';
import type { IamCaller } from './iam-client';
import { iamSigner } from './iam-credentials';

export const DEFAULT_KEY_MAX_AGE_DAYS = 90;
const DAY_MS = 86_400_000;

/** One source's key, as IPC, `list --json` and the profiles view carry it (no secret). */
export interface KeyAge {
  source: string;
  accessKeyId: string;
  /** ISO-8601; absent when IAM could not be asked (`problem` says why). */
  createdAt?: string;
  ageDays?: number;
  lastUsedAt?: string;
  lastUsedService?: string;
  /** Older than the setting: the warning badge, the weekly notification, the doctor warning. */
  old: boolean;
  /** A rotation of this source was interrupted (rotation/rotate.ts finishes it). */
  rotationPending: boolean;
  problem?: string;
}

export interface KeyAgeDeps {
  secrets: Pick<SecretStore, 'listSources' | 'getSource' | 'getMfaSession' | 'getRotationJournal'>;
  iam: IamCaller;
  now(): number;
  maxAgeDays: number;
  /** The catalog's mfa_serial of a source, when known (else the keychain item's). */
  mfaSerialOf?: (source: string) => Promise<string | undefined>;
}

export function isKeyOld(ageDays: number, maxAgeDays: number): boolean {
  return ageDays > maxAgeDays;
}

async function one(deps: KeyAgeDeps, source: string): Promise<KeyAge | undefined> {
  const keys = await deps.secrets.getSource(source);
  if (!keys) return undefined;
  const rotationPending = (await deps.secrets.getRotationJournal(source).catch(() => undefined)) !== undefined;
  const base = { source, accessKeyId: keys.accessKeyId, old: false, rotationPending };
  const mfaSerial = (await deps.mfaSerialOf?.(source)) ?? keys.mfaSerial;
  const signer = await iamSigner({ secrets: deps.secrets, getSessionToken: () => Promise.reject(new Error('no prompt here')), now: deps.now }, source, keys, mfaSerial, undefined).catch(() => ({
    creds: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    withMfa: false,
  }));
  const ctx = { userArn: `the user of "${source}"`, withMfa: signer.withMfa, hasMfaSerial: mfaSerial !== undefined, profile: source };
  try {
    const listed = await deps.iam.listAccessKeys(signer.creds, ctx);
    const mine = listed.find((k) => k.accessKeyId === keys.accessKeyId);
    if (!mine) return { ...base, problem: 'IAM does not list this key for the user.' };
    const used = await deps.iam.getAccessKeyLastUsed(signer.creds, keys.accessKeyId, ctx).catch(() => ({}) as { lastUsedDate?: Date; serviceName?: string });
    const ageDays = Math.floor((deps.now() - mine.createDate.getTime()) / DAY_MS);
    return {
      ...base,
      createdAt: mine.createDate.toISOString(),
      ageDays,
      old: isKeyOld(ageDays, deps.maxAgeDays),
      ...(used.lastUsedDate ? { lastUsedAt: used.lastUsedDate.toISOString() } : {}),
      ...(used.serviceName ? { lastUsedService: used.serviceName } : {}),
    };
  } catch (e) {
    const why = e instanceof RolecallError ? (e.code === 'AccessDenied' ? `IAM refused ListAccessKeys${signer.withMfa ? '' : ' (it may need an MFA session: switch to a role of this source first)'}` : e.message) : 'unexpected error';
    return { ...base, problem: why };
  }
}

/** Every keychain source's key age, in parallel (one slow source does not hold up the rest). */
export async function keyAges(deps: KeyAgeDeps): Promise<KeyAge[]> {
  const sources = await deps.secrets.listSources();
  const all = await Promise.all(sources.map((s) => one(deps, s)));
  return all.filter((a): a is KeyAge => a !== undefined);
}

/** Doctor's findings: an old key (with its age and the fix) or an interrupted rotation. */
export function keyAgeChecks(ages: readonly KeyAge[], maxAgeDays: number): DoctorCheck[] {
  return ages.flatMap((a): DoctorCheck[] => {
    const checks: DoctorCheck[] = [];
    if (a.rotationPending) checks.push({ id: `key-rotation-pending:${a.source}`, status: 'warn', message: `A key rotation of "${a.source}" was interrupted.`, fix: `rolecall rotate ${a.source}` });
    if (a.ageDays === undefined) {
      checks.push({ id: `key-age:${a.source}`, status: 'warn', message: `The age of the key of "${a.source}" is unknown: ${a.problem ?? 'IAM did not answer'}.` });
    } else if (a.old) {
      checks.push({ id: `key-age:${a.source}`, status: 'warn', message: `The access key of "${a.source}" (${a.accessKeyId}) is ${a.ageDays} days old, older than ${maxAgeDays} days.`, fix: `rolecall rotate ${a.source}` });
    } else {
      checks.push({ id: `key-age:${a.source}`, status: 'ok', message: `The access key of "${a.source}" is ${a.ageDays} days old.` });
    }
    return checks;
  });
}

/**
 * The sources to notify about now: old keys not notified within a week. `lastNotified` lives in the
 * app's state and only the app writes it, so read-only commands never move the weekly rhythm.
 */
export function dueKeyAgeNotices(ages: readonly KeyAge[], lastNotified: Readonly<Record<string, string>>, now: number): KeyAge[] {
  return ages.filter((a) => a.old && !(Date.parse(lastNotified[a.source] ?? '') > now - 7 * DAY_MS));
}
