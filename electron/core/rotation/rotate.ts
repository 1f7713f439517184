/**
 * Key rotation, crash-safe at every step. The order is chosen so the source's keychain item always
 * holds a key that works, and the journal (also in the keychain, never on disk) says what else exists:
 *
 *   journal `creating` → CreateAccessKey → journal `created` (+ new secret) → source := new key
 *   (read back) → GetCallerIdentity with the new key (eventual consistency) → DeleteAccessKey(old)
 *   → drop the journal, the source's MFA session and cached sessions made from the old key.
 *
 * A process killed anywhere leaves either `creating` (any key that appeared since was never stored:
 * it is deleted, the old key stays) or `created` (the new key is known: finish). `rotate` and app
 * start-up both run {@link rotateKeys}, which resumes before it starts anything new.
 */
import { RolecallError } from '../errors';
import type { RotationJournalSecret, SourceSecret } from '../keychain/secret-store';
import type { CallerIdentity } from '../sts/types';
import type { IamCallContext } from './iam-client';
import { iamSigner, type IamSigner } from './iam-credentials';
import type { RotateOptions, RotationDeps, RotationResult } from './types';
import { waitUntilUsable } from './wait-usable';

interface Run {
  deps: RotationDeps;
  opts: RotateOptions;
  source: string;
  mfaSerial: string | undefined;
  identity: CallerIdentity;
  signer: IamSigner;
  ctx: IamCallContext;
  say(message: string): void;
}

function userArnOf(identity: CallerIdentity, source: string): string {
  if (!/^arn:[^:]+:iam::\d{12}:user\//.test(identity.arn)) {
    throw new RolecallError('ProfileInvalid', `The keys of "${source}" belong to ${identity.arn}, not to an IAM user: only IAM users' access keys can be rotated here.`, {
      action: 'Rotate root or other keys in the IAM console.',
    });
  }
  return identity.arn;
}

async function sourceKeys(deps: RotationDeps, source: string): Promise<SourceSecret> {
  const keys = await deps.secrets.getSource(source);
  if (!keys) throw new RolecallError('SourceNotFound', `The keychain has no keys for "${source}".`, { action: `Add them with "rolecall add ${source}", then rotate.` });
  return keys;
}

/** Finishes or rolls back an interrupted rotation of `source`, then (unless `resumeOnly`) rotates. */
export async function rotateKeys(deps: RotationDeps, source: string, opts: RotateOptions = {}): Promise<RotationResult> {
  const say = (m: string) => opts.progress?.(m);
  const journal = await deps.secrets.getRotationJournal(source);
  if (!journal && opts.resumeOnly) return { source, outcome: 'nothing-pending', alsoDeleted: [] };
  const keys = await sourceKeys(deps, source);
  const mfaSerial = (await deps.mfaSerialOf(source)) ?? keys.mfaSerial;
  // the identity of the key in the keychain; a new key may still be refused here (eventual consistency)
  const identity = await waitUntilUsable(keys, { getCallerIdentity: (c) => deps.sts.getCallerIdentity(c), sleep: deps.sleep, progress: say, ...(deps.verifyDelaysMs ? { delaysMs: deps.verifyDelaysMs } : {}) });
  const signer = await iamSigner({ secrets: deps.secrets, getSessionToken: (k, m) => deps.sts.getSessionToken(k, m), now: deps.now }, source, keys, mfaSerial, opts.askCode);
  const run: Run = { deps, opts, source, mfaSerial, identity, signer, say, ctx: { userArn: userArnOf(identity, source), withMfa: signer.withMfa, hasMfaSerial: mfaSerial !== undefined, profile: source } };
  if (journal?.phase === 'created') return finishCreated(run, journal, 'finished-interrupted');
  if (journal) {
    const orphans = await rollBackCreating(run, journal);
    if (opts.resumeOnly) return { source, outcome: 'rolled-back', oldAccessKeyId: journal.oldAccessKeyId, alsoDeleted: orphans };
    const result = await start(run, keys);
    return { ...result, alsoDeleted: [...orphans, ...result.alsoDeleted] };
  }
  return start(run, keys);
}

/** A crash during CreateAccessKey: any key that appeared since was never stored, so it goes. */
async function rollBackCreating(run: Run, journal: RotationJournalSecret): Promise<string[]> {
  const { deps, signer, ctx } = run;
  const orphans = (await deps.iam.listAccessKeys(signer.creds, ctx)).filter((k) => k.accessKeyId !== journal.oldAccessKeyId && !journal.keysBefore.includes(k.accessKeyId));
  for (const k of orphans) {
    run.say(`Deleting ${k.accessKeyId}: an interrupted rotation created it but never stored its secret.`);
    await deps.iam.deleteAccessKey(signer.creds, k.accessKeyId, ctx);
  }
  await deps.secrets.deleteRotationJournal(run.source);
  run.say(`Rolled back the interrupted rotation of "${run.source}"; the key ${journal.oldAccessKeyId} stays in use.`);
  return orphans.map((k) => k.accessKeyId);
}

async function start(run: Run, keys: SourceSecret): Promise<RotationResult> {
  const { deps, signer, ctx, source } = run;
  const listed = await deps.iam.listAccessKeys(signer.creds, ctx);
  if (!listed.some((k) => k.accessKeyId === keys.accessKeyId)) {
    throw new RolecallError('ProfileInvalid', `The key of "${source}" (${keys.accessKeyId}) is not among the access keys IAM lists for ${ctx.userArn}.`, {
      action: 'Check the key in the IAM console; add the right one with "rolecall add --force".',
    });
  }
  const alsoDeleted: string[] = [];
  const others = listed.filter((k) => k.accessKeyId !== keys.accessKeyId);
  if (others.length > 0) {
    const other = others[0]!;
    const used = await deps.iam.getAccessKeyLastUsed(signer.creds, other.accessKeyId, ctx).catch(() => ({}) as { lastUsedDate?: Date; serviceName?: string });
    const candidate = { accessKeyId: other.accessKeyId, createDate: other.createDate, ...(used.lastUsedDate ? { lastUsedDate: used.lastUsedDate } : {}), ...(used.serviceName ? { lastUsedService: used.serviceName } : {}) };
    if (!(await run.opts.confirmDelete?.(candidate))) {
      throw new RolecallError('KeyLimitExceeded', `${ctx.userArn} already has two access keys (IAM's limit); to rotate, Rolecall would delete ${other.accessKeyId}, the one not in the keychain. Nothing was changed.`, {
        action: `Confirm deleting ${other.accessKeyId} (rolecall rotate ${source} --yes), or delete a key in the IAM console.`,
        details: { keyToDelete: other.accessKeyId },
      });
    }
    run.say(`Deleting ${other.accessKeyId} (not in the keychain) to make room…`);
    await deps.iam.deleteAccessKey(signer.creds, other.accessKeyId, ctx);
    alsoDeleted.push(other.accessKeyId);
  }
  const creating: RotationJournalSecret = { sourceProfile: source, phase: 'creating', startedAt: new Date(deps.now()).toISOString(), oldAccessKeyId: keys.accessKeyId, keysBefore: [keys.accessKeyId] };
  await deps.secrets.setRotationJournal(source, creating);
  run.say(`Creating a new access key for ${ctx.userArn}…`);
  let created;
  try {
    created = await deps.iam.createAccessKey(signer.creds, ctx);
  } catch (e) {
    // IAM answered: nothing was made, so nothing is pending (a network error leaves the journal for recovery)
    if (e instanceof RolecallError && e.code !== 'NetworkError') await deps.secrets.deleteRotationJournal(source).catch(() => false);
    throw e;
  }
  const journal: RotationJournalSecret = { ...creating, phase: 'created', newAccessKeyId: created.accessKeyId, newSecretAccessKey: created.secretAccessKey };
  try {
    await deps.secrets.setRotationJournal(source, journal);
  } catch (e) {
    throw keychainFailed(run, created, e);
  }
  const result = await finishCreated(run, journal, 'rotated');
  return { ...result, alsoDeleted: [...alsoDeleted, ...result.alsoDeleted] };
}

/** Stores the new key in the source item (read back), waits until STS takes it, deletes the old one. */
async function finishCreated(run: Run, journal: RotationJournalSecret, outcome: RotationResult['outcome']): Promise<RotationResult> {
  const { deps, source, ctx, signer } = run;
  const fresh = { accessKeyId: journal.newAccessKeyId!, secretAccessKey: journal.newSecretAccessKey! };
  const current = await sourceKeys(deps, source);
  if (current.accessKeyId === journal.oldAccessKeyId) {
    run.say(`Storing ${fresh.accessKeyId} in the keychain…`);
    try {
      await deps.secrets.setSource(source, { ...current, ...fresh });
      const back = await deps.secrets.getSource(source);
      if (back?.accessKeyId !== fresh.accessKeyId || back.secretAccessKey !== fresh.secretAccessKey) throw new Error('read back differs');
    } catch (e) {
      throw keychainFailed(run, fresh, e);
    }
  } else if (current.accessKeyId !== fresh.accessKeyId) {
    throw new RolecallError('RotationInterrupted', `The keychain holds ${current.accessKeyId} for "${source}", neither the old (${journal.oldAccessKeyId}) nor the new key (${fresh.accessKeyId}) of its rotation.`, {
      action: `Check the keys in the IAM console, then remove the keychain item rotation:${source}.`,
    });
  }
  run.say(`Checking that AWS accepts ${fresh.accessKeyId}…`);
  let identity: CallerIdentity;
  try {
    identity = await waitUntilUsable(fresh, { getCallerIdentity: (c) => deps.sts.getCallerIdentity(c), sleep: deps.sleep, progress: run.say, ...(deps.verifyDelaysMs ? { delaysMs: deps.verifyDelaysMs } : {}) });
  } catch (e) {
    // the old key still exists: put it back so the keychain holds a key known to work; the journal
    // keeps the new one, and the next rotate stores and checks it again
    if (current.accessKeyId === journal.oldAccessKeyId) await deps.secrets.setSource(source, current);
    throw e;
  }
  if (identity.arn !== run.identity.arn) {
    throw new RolecallError('RotationInterrupted', `The new key belongs to ${identity.arn}, not to ${run.identity.arn}.`, { action: 'Check the keys in the IAM console.' });
  }
  const stillThere = (await deps.iam.listAccessKeys(signer.creds, ctx)).some((k) => k.accessKeyId === journal.oldAccessKeyId);
  if (stillThere) {
    run.say(`Deleting the old key ${journal.oldAccessKeyId}…`);
    await deps.iam.deleteAccessKey(signer.creds, journal.oldAccessKeyId, ctx);
  }
  // sessions made from the old key: the keychain MFA session and the in-memory credential cache
  await deps.secrets.deleteMfaSession(source).catch(() => false);
  await deps.dropSessions(source);
  await deps.secrets.deleteRotationJournal(source);
  run.say(`Rotated "${source}": ${journal.oldAccessKeyId} → ${fresh.accessKeyId}.`);
  return { source, outcome, oldAccessKeyId: journal.oldAccessKeyId, newAccessKeyId: fresh.accessKeyId, identityArn: identity.arn, alsoDeleted: [] };
}

/** The keychain failed while the new key existed only in memory: show it once so it is not lost. */
function keychainFailed(run: Run, key: { accessKeyId: string; secretAccessKey: string }, cause: unknown): RolecallError {
  run.opts.showKeyOnce?.(key);
  const why = cause instanceof RolecallError ? cause.message : 'the value read back differs from what was written';
  return new RolecallError('RotationInterrupted', `IAM created ${key.accessKeyId} for "${run.source}" but the keychain failed while storing it (${why}). The old key still works.`, {
    action: `Keep the new key shown above (store it with "rolecall add ${run.source} --force"), or run "rolecall rotate ${run.source}" again once the keychain works: it deletes keys whose secret was never stored.`,
    details: { newAccessKeyId: key.accessKeyId },
    cause,
  });
}
