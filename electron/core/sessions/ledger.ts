/**
 * The ledger: which session each target holds, as the credentials file's markers record it. The
 * marker is written with the keys in one atomic edit under the file lock, so it can never disagree
 * with the section's content, and the app, a `rolecall agent` and every CLI read the same record —
 * no second copy in a state file that two processes could overwrite (issue #11).
 *
 * Markers written before they carried `identity`/`kind`/`via`/`mfa` borrow those facts from the
 * state file's old session list, read only, when its record matches the marker's profile and expiry.
 */
import { readSettled } from '../aws-files/settled-reads';
import { managedSectionsIn, type ManagedSection } from '../aws-files/section-writer';
import type { CredentialKind } from '../sts/engine-types';
import type { SessionRecord } from './types';

const KINDS: readonly CredentialKind[] = ['session-token', 'assumed-role-direct', 'assumed-role-chained'];

/** The credentials file's marked sections, from one version of the file (two reads that agree); never writes. */
export async function readLedgerSections(credentialsFile: string): Promise<ManagedSection[]> {
  const bytes = await readSettled(credentialsFile);
  return bytes === undefined ? [] : managedSectionsIn(bytes.toString('latin1'));
}

/** The session each marked section records; sections whose marker names no profile or expiry are not sessions. */
export function sessionsFromSections(sections: readonly ManagedSection[], legacy: readonly SessionRecord[] = []): SessionRecord[] {
  const out: SessionRecord[] = [];
  for (const s of sections) {
    if (s.source === undefined || s.expiresAt === undefined) continue;
    const expiresAt = s.expiresAt.toISOString();
    const old = legacy.find((r) => r.target === s.name && r.profile === s.source && Math.abs(Date.parse(r.expiresAt) - s.expiresAt!.getTime()) < 1000);
    const identityArn = s.identity ?? old?.identityArn ?? '';
    const mfaSerial = s.mfa ?? old?.mfaSerial;
    const region = s.region ?? old?.region;
    out.push({
      profile: s.source,
      target: s.name,
      identityArn,
      account: identityArn.split(':')[4] ?? '',
      expiresAt,
      sourceProfile: s.via ?? old?.sourceProfile ?? s.source,
      ...(mfaSerial !== undefined ? { mfaSerial } : {}),
      // unknown provenance is treated as chained: the most restrictive for console sign-in
      kind: KINDS.find((k) => k === s.kind) ?? old?.kind ?? 'assumed-role-chained',
      ...(region !== undefined ? { region } : {}),
      // unknown means "ask for a code": the holder's next plan finds out
      refreshableWithoutCode: old?.refreshableWithoutCode ?? false,
      ...(s.baseline !== undefined && s.baseline !== s.source ? { baseline: s.baseline } : {}),
      ...(s.until !== undefined ? { fallsBackAt: s.until.toISOString() } : {}),
    });
  }
  return out;
}
