/**
 * Writing Rolecall's sections into the shared AWS files: the only way the rest of Rolecall touches
 * them. Every operation edits one section by lines (see section-text.ts for the boundary rule), so
 * the user's comments, CRLF endings, BOM, nested blocks and other tools' sections survive byte for
 * byte, and goes through the locked, atomic, re-read-before-rename edit of atomic-file.ts.
 *
 * Ownership is explicit: a section is Rolecall's only if it carries the marker. Anything else is the
 * user's, and is changed only when the caller says so (take-over / force), after a backup.
 */
import { readFile } from 'node:fs/promises';
import { RolecallError } from '../errors';
import { editFileAtomically, fromBinary, type EditOptions } from './atomic-file';
import { assertBoundarySafe, assertOthersUnchanged, forDisk, openForEdit, targetSection } from './edit-guard';
import { formatMarker, type Marker } from './marker';
import { profileOfSection, type FileKind } from './profile-map';
import {
  SectionIndex,
  readSectionKeys,
  removeKeysInSectionText,
  removeSectionText,
  sectionState,
  upsertSectionText,
} from './section-text';
import { assertEntries, assertNotShadowed, assertSectionName, assertWritableHeader } from './target-guard';
import { redactSecretsText } from './secret-redaction';

type Clock = Date | (() => Date);

export interface WriterOptions extends Pick<EditOptions, 'timeoutMs' | 'staleMs' | 'maxAttempts'> {
  /** Time used to name backups (default: now). */
  readonly now?: Clock;
  /**
   * Which file this is, for how botocore maps its sections to profiles (default `credentials`). In
   * `config`, the section `profile x` also finds the user's `[profile  x]` or `[profile "x"]`.
   */
  readonly kind?: FileKind;
}

export interface UpsertOptions extends WriterOptions {
  /**
   * Write only if the section is absent or its marker names this source profile. A refresh passes
   * the profile it refreshes, so it never overwrites a section another switch (the CLI, another
   * Rolecall) has written since: that raises SessionReplaced and leaves the file as it is.
   */
  readonly expectSource?: string;
  /** Replace a section Rolecall did not write (a timestamped backup of the file is written first). */
  readonly takeOver?: boolean;
  /**
   * The config file whose profile `name` must not shadow our keys. Defaults to the AWS CLI's
   * (`AWS_CONFIG_FILE`, else `~/.aws/config`); `null` skips the check, for writes into the config
   * file itself.
   */
  readonly configFile?: string | null;
  /**
   * Keys written only where the user has not set them: not in the config profile `name` (botocore
   * and the JS SDK merge credentials-file keys over the config's, so ours would override the
   * user's), and not in a section of theirs being taken over (its value is kept). Needs `configFile`.
   */
  readonly unlessUserSet?: Readonly<Record<string, string>>;
}

export interface UpsertResult {
  /** True when an existing section the user wrote was replaced. */
  readonly tookOver: boolean;
  readonly backupPath: string | undefined;
}

export interface RemoveOptions extends WriterOptions {
  /** Remove only if the section's marker names this source profile (else: no change). */
  readonly expectSource?: string;
  /**
   * Remove only if the section's marker says it expired by then (else: no change). Checked under
   * the lock, so a session switched again meanwhile (same profile, later expiry) is never removed.
   */
  readonly expiredBy?: Date;
  /** Also remove a section Rolecall did not write (after a backup). */
  readonly force?: boolean;
}

/** A section that carries the marker: its name, what the marker says, and the region written with it. */
export interface ManagedSection extends Marker {
  readonly name: string;
  readonly region?: string;
}

/** The keys an import scrubs from a user's section once they are in the keychain. */
export const PLAINTEXT_KEYS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_security_token'] as const;

/** The atomic-edit options for a writer call: its lock settings and the time that names backups. */
export function editOptions(opts: WriterOptions): EditOptions {
  const now = opts.now;
  return {
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.staleMs === undefined ? {} : { staleMs: opts.staleMs }),
    ...(opts.maxAttempts === undefined ? {} : { maxAttempts: opts.maxAttempts }),
    backupAt: now === undefined ? () => new Date() : typeof now === 'function' ? now : () => now,
  };
}

function notManaged(file: string, name: string, verb: string): RolecallError {
  return new RolecallError('SectionNotManaged', `The section [${name}] in ${file} was not written by Rolecall, so Rolecall will not ${verb} it.`, {
    action: 'Choose another target profile, or allow Rolecall to take it over (a backup of the file is written first).',
    details: { path: file, section: name },
  });
}

/**
 * Makes `[name]` in `file` hold exactly the marker and `keys` (in the given order), replacing a
 * section Rolecall manages or appending a new one. Refuses a user's section unless `takeOver`, and a
 * target whose config profile has role_arn, credential_process or sso_* (TargetShadowed). Any stale
 * `aws_security_token` goes with the old body.
 */
export async function upsertSection(
  file: string,
  name: string,
  keys: Readonly<Record<string, string>>,
  marker: Marker,
  opts: UpsertOptions = {},
): Promise<UpsertResult> {
  const kind = opts.kind ?? 'credentials';
  assertSectionName(name);
  assertWritableHeader(name, kind);
  const configured = opts.configFile !== null && kind === 'credentials' ? await assertNotShadowed(name, opts.configFile) : undefined;
  const defaults = Object.entries(opts.unlessUserSet ?? {}).filter(([k]) => !configured?.has(k.toLowerCase()));
  assertEntries([...Object.entries(keys), ...defaults]);
  let tookOver = false;
  const result = await editFileAtomically(
    file,
    (current) => {
      const ix = openForEdit(file, current);
      const target = targetSection(file, ix, name, kind);
      const section = target?.name ?? name;
      const state = sectionState(ix, section);
      if (opts.expectSource !== undefined && state.exists && markerSource(ix, section) !== opts.expectSource) throw ownedElsewhere(file, name, opts.expectSource);
      tookOver = state.exists && !state.managed;
      if (tookOver && opts.takeOver !== true) throw notManaged(file, name, 'overwrite');
      // a section of the user's being taken over keeps the value they set
      const theirs = tookOver ? readSectionKeys(ix, section) : undefined;
      const entries = [...Object.entries(keys), ...defaults.map(([k, v]) => [k, theirs?.[k.toLowerCase()] || v] as const)];
      if (target !== undefined) assertBoundarySafe(file, ix, target, entries.length > 0);
      const body = [formatMarker(marker), ...entries.map(([k, v]) => `${k} = ${v}`)];
      return { text: forDisk(upsertSectionText(ix, section, body)), backup: tookOver };
    },
    editOptions(opts),
  );
  return { tookOver, backupPath: result.backupPath };
}

/**
 * Removes `[name]` from `file` if Rolecall manages it. A user's section is refused
 * (SectionNotManaged) unless `force`, which writes a backup first. Missing section: no change.
 */
export async function removeSection(file: string, name: string, opts: RemoveOptions = {}): Promise<{ removed: boolean; backupPath: string | undefined }> {
  const kind = opts.kind ?? 'credentials';
  const result = await editFileAtomically(
    file,
    (current) => {
      const lenient = SectionIndex.of(fromBinary(current));
      if (!mayHold(lenient, name, kind)) return current; // nothing to remove: not even a broken file is an error
      const ix = openForEdit(file, current, lenient);
      const target = targetSection(file, ix, name, kind);
      if (target === undefined) return current;
      const s = sectionState(ix, target.name);
      if (opts.expectSource !== undefined && s.exists && markerSource(ix, target.name) !== opts.expectSource) return current;
      if (opts.expiredBy !== undefined && s.exists && !expiredBy(ix, target.name, opts.expiredBy)) return current;
      if (s.exists && !s.managed && opts.force !== true) throw notManaged(file, name, 'remove');
      assertBoundarySafe(file, ix, target, 'removed');
      return { text: forDisk(removeSectionText(ix, target.name)), backup: !s.managed };
    },
    editOptions(opts),
  );
  return { removed: result.changed, backupPath: result.backupPath };
}

/** Sections of `file` that carry the Rolecall marker: what a restarted app still owns. */
export async function listManagedSections(file: string): Promise<ManagedSection[]> {
  let text: string;
  try {
    text = (await readFile(file)).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new RolecallError('ConfigMalformed', `Could not read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, {
      action: 'Check that the file is readable by you.',
      cause: e,
    });
  }
  return managedSectionsIn(text);
}

/**
 * The marked sections in a file's text, decoded as latin1 (one char per byte, as the writer
 * edits it): for a caller that already holds the bytes it parsed, so both come from one version.
 */
export function managedSectionsIn(text: string): ManagedSection[] {
  const out: ManagedSection[] = [];
  for (const s of SectionIndex.of(text).sections) {
    if (s.marker === undefined) continue;
    const region = s.options.get('region')?.at(-1);
    out.push({ name: s.name, ...s.marker, ...(region === undefined ? {} : { region }) });
  }
  return out;
}

/**
 * Appends `[section]` with `keys` (in order, no marker: the section is the user's from then on) to
 * `file`, only when no section of that name exists; an existing one is left byte for byte, whatever
 * it holds. `section` is the header text (`profile dev` or `default` in the config file).
 */
export async function appendSectionIfAbsent(file: string, section: string, keys: Readonly<Record<string, string>>, opts: WriterOptions = {}): Promise<{ written: boolean }> {
  const kind = opts.kind ?? 'credentials';
  assertSectionName(section);
  assertWritableHeader(section, kind);
  const entries = Object.entries(keys);
  assertEntries(entries);
  const body = entries.map(([k, v]) => `${k} = ${v}`);
  const result = await editFileAtomically(
    file,
    (current) => {
      const ix = openForEdit(file, current);
      return targetSection(file, ix, section, kind) !== undefined ? current : forDisk(upsertSectionText(ix, section, body));
    },
    editOptions(opts),
  );
  return { written: result.changed };
}

export interface ScrubOptions extends WriterOptions {
  /** Write a timestamped backup before scrubbing (default true: this deletes the user's keys). */
  readonly backup?: boolean;
}

/**
 * Removes the plaintext key lines (access key id, secret, session/security token) from the user's
 * sections `names` once import has put them in the keychain, keeping everything else in each
 * section. A section left without any key is removed whole. One edit, one backup for all names;
 * the backup has the scrubbed sections' secret lines redacted (secret-redaction.ts).
 */
export async function scrubKeys(
  file: string,
  names: string | readonly string[],
  opts: ScrubOptions = {},
): Promise<{ backupPath: string | undefined; removedSections: string[] }> {
  const list = typeof names === 'string' ? [names] : names;
  const removedSections: string[] = [];
  const result = await editFileAtomically(
    file,
    (current) => {
      removedSections.length = 0;
      const ix = openForEdit(file, current);
      let text = ix.text;
      for (const section of list) {
        text = removeKeysInSectionText(text, section, PLAINTEXT_KEYS);
        const left = readSectionKeys(text, section);
        if (left !== undefined && Object.keys(left).length === 0) {
          text = removeSectionText(text, section);
          removedSections.push(section);
        }
      }
      assertOthersUnchanged(file, ix, text, list);
      // The backup must not keep the secrets this scrub moves into the keychain: they are redacted.
      if (opts.backup === false) return { text: forDisk(text) };
      return { text: forDisk(text), backup: true, backupText: forDisk(redactSecretsText(ix.text, list)) };
    },
    editOptions(opts),
  );
  return { backupPath: result.backupPath, removedSections: result.changed ? removedSections : [] };
}

/** Whether a lenient look at the text finds any section that could be profile `name`'s. */
function mayHold(ix: SectionIndex, name: string, kind: FileKind): boolean {
  const profile = profileOfSection(name, kind);
  return ix.sections.some((s) => s.name === name || (profile !== undefined && profileOfSection(s.name, kind) === profile));
}

/** Whether the marker of `[section]` says its credentials ended by `at` (a marker without expiry never ends). */
function expiredBy(ix: SectionIndex, section: string, at: Date): boolean {
  const expiresAt = ix.named(section)[0]?.marker?.expiresAt;
  return expiresAt !== undefined && expiresAt.getTime() <= at.getTime();
}

/** The source profile named by the marker of `[section]` (undefined when unmarked or absent). */
function markerSource(ix: SectionIndex, section: string): string | undefined {
  return ix.named(section)[0]?.marker?.source;
}

function ownedElsewhere(file: string, name: string, expected: string): RolecallError {
  return new RolecallError('SessionReplaced', `[${name}] in ${file} now holds another session than ${expected}'s (switched meanwhile, e.g. from the CLI); Rolecall left it alone.`, {
    action: `Switch to ${expected} again if you still need it on "${name}".`,
    details: { target: name },
  });
}
