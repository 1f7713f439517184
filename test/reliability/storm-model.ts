/**
 * The operations of the SIGKILL storm, shared by the child that performs them through the real
 * writer and the test that checks the file after each kill. Operation k cycles through the four
 * kinds of edit Rolecall makes — upsert (two targets), remove, and scrubbing a user's plaintext
 * keys after an import — so a kill can land inside any of them. State k is the base file with
 * operations 0…k applied, computed here with the text layer as an independent oracle of the bytes.
 */
import { formatMarker } from '../../electron/core/aws-files/marker';
import { readSectionKeys, removeKeysInSectionText, removeSectionText, upsertSectionText } from '../../electron/core/aws-files/section-text';
import { PLAINTEXT_KEYS } from '../../electron/core/aws-files/section-writer';
import { HAND_CHUNKS } from './corpus';

export const USERS = 400;

/** A large CRLF file of user sections with plaintext keys (ASCII, so text and bytes coincide). */
export function stormBase(): string {
  const parts = ['# storm base\r\n'];
  const ascii = HAND_CHUNKS.filter((c) => [...c].every((ch) => ch.charCodeAt(0) < 0x80));
  for (let i = 0; i < USERS; i++) {
    parts.push(`[dev-${i}]\r\naws_access_key_id = AKIAUSER${String(i).padStart(12, '0')}\r\naws_secret_access_key = user-secret-${i}\r\nregion = eu-west-1\r\n\r\n`);
    parts.push(ascii[i % ascii.length]!.replace(/^\[([^\]\n]+)\]/gm, (_h, name: string) => `[${name.trim()}-${i}]`).replace(/\n/g, '\r\n'));
  }
  return parts.join('');
}

export type StormOp =
  | { kind: 'upsert'; name: string; keys: Record<string, string>; expiresAt: Date }
  | { kind: 'remove'; name: string }
  | { kind: 'scrub'; name: string };

export function opFor(k: number): StormOp {
  const expiresAt = new Date(Date.UTC(2026, 10, 22, 20, 0, 0) + k * 1000);
  const keys = { aws_access_key_id: `ASIASTORM${String(k).padStart(11, '0')}`, aws_secret_access_key: `storm/${k}+${'s'.repeat(30)}`, aws_session_token: `tok-${k}-${'T'.repeat(200)}` };
  switch (k % 4) {
    case 0:
      return { kind: 'upsert', name: 'alpha', keys, expiresAt };
    case 1:
      return { kind: 'upsert', name: 'beta', keys, expiresAt };
    case 2:
      return { kind: 'remove', name: 'alpha' };
    default:
      return { kind: 'scrub', name: `dev-${Math.floor(k / 4) % USERS}` };
  }
}

/** The text after applying `op` (the same rules the writer applies on disk). */
export function applyOp(text: string, op: StormOp): string {
  switch (op.kind) {
    case 'upsert':
      return upsertSectionText(text, op.name, [formatMarker({ expiresAt: op.expiresAt, source: 'storm' }), ...Object.entries(op.keys).map(([k, v]) => `${k} = ${v}`)]);
    case 'remove':
      return removeSectionText(text, op.name);
    case 'scrub': {
      const t = removeKeysInSectionText(text, op.name, PLAINTEXT_KEYS);
      const left = readSectionKeys(t, op.name);
      return left !== undefined && Object.keys(left).length === 0 ? removeSectionText(t, op.name) : t;
    }
  }
}
