/**
 * Several marked sections written into one file in one locked, atomic edit with one backup: what
 * `rolecall sso sync` needs to add dozens of `[profile …]` sections without dozens of rewrites and
 * backups. The ownership rule is the writer's (section-writer.ts): a section is replaced only when
 * it carries Rolecall's marker; a section of the user's with the same name is left byte for byte
 * and reported, never taken over.
 */
import { editFileAtomically } from './atomic-file';
import { assertBoundarySafe, forDisk, openForEdit, targetSection } from './edit-guard';
import { formatMarker, type Marker } from './marker';
import type { FileKind } from './profile-map';
import { SectionIndex, sectionState, upsertSectionText } from './section-text';
import { assertEntries, assertSectionName, assertWritableHeader } from './target-guard';

export interface BatchSection {
  /** The header text, e.g. `profile dev/Admin`. */
  readonly section: string;
  readonly keys: Readonly<Record<string, string>>;
  readonly marker: Marker;
}

export interface BatchResult {
  /** Sections added or rewritten (they were absent or Rolecall's). */
  readonly written: string[];
  /** Sections left alone because the user wrote them. */
  readonly keptUsers: string[];
  readonly backupPath: string | undefined;
}

/**
 * Writes each section of `sections` that is absent or Rolecall's; a backup of the previous file is
 * written first whenever the file existed. Nothing is written when nothing would change.
 */
export async function upsertManagedSections(file: string, sections: readonly BatchSection[], opts: { kind: FileKind; now?: () => Date }): Promise<BatchResult> {
  for (const s of sections) {
    assertSectionName(s.section);
    assertWritableHeader(s.section, opts.kind);
    assertEntries(Object.entries(s.keys));
  }
  let written: string[] = [];
  let keptUsers: string[] = [];
  const result = await editFileAtomically(
    file,
    (current) => {
      written = [];
      keptUsers = [];
      let ix = openForEdit(file, current);
      const existed = current.length > 0;
      for (const s of sections) {
        const target = targetSection(file, ix, s.section, opts.kind);
        const name = target?.name ?? s.section;
        const state = sectionState(ix, name);
        if (state.exists && !state.managed) {
          keptUsers.push(s.section);
          continue;
        }
        const body = [formatMarker(s.marker), ...Object.entries(s.keys).map(([k, v]) => `${k} = ${v}`)];
        if (target !== undefined) assertBoundarySafe(file, ix, target, body.length > 1);
        const next = upsertSectionText(ix, name, body);
        if (next !== ix.text) written.push(s.section);
        ix = SectionIndex.of(next);
      }
      return { text: forDisk(ix.text), backup: existed };
    },
    { backupAt: opts.now ?? (() => new Date()) },
  );
  return { written: result.changed ? written : [], keptUsers, backupPath: result.backupPath };
}
