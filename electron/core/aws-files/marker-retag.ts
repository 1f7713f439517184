/**
 * Rewrites the marker line of one of Rolecall's sections and nothing else: extending a time-boxed
 * elevation changes what the ledger records (`until`), not the credentials, so no STS call and no
 * secret is involved. Locked and atomic like every edit; a section that now holds another
 * profile's session (switched meanwhile) is left alone.
 */
import { editFileAtomically } from './atomic-file';
import { forDisk, openForEdit, targetSection } from './edit-guard';
import { formatMarker, type Marker } from './marker';
import { lineAt } from './section-scan';
import { editOptions, type WriterOptions } from './section-writer';

export interface RetagOptions extends WriterOptions {
  /** Only if the marker still names this profile (else: no change). */
  readonly expectSource: string;
}

/** Replaces the marker of `[name]` with `marker`; true when the file changed. */
export async function retagSection(file: string, name: string, marker: Marker, opts: RetagOptions): Promise<boolean> {
  const result = await editFileAtomically(
    file,
    (current) => {
      const ix = openForEdit(file, current);
      const target = targetSection(file, ix, name, opts.kind ?? 'credentials');
      if (target === undefined || target.marker?.source !== opts.expectSource || target.markerAt < 0) return current;
      const old = lineAt(ix.text, target.markerAt);
      return forDisk(ix.text.slice(0, target.markerAt) + formatMarker(marker) + ix.text.slice(target.markerAt + old.length));
    },
    editOptions(opts),
  );
  return result.changed;
}
