/** The call to action when long-term keys still sit in plaintext: import them all in one step. */
import { useState } from 'react';
import type { ErrorInfo, SourceProfile } from '../../contract';
import { importSources } from '../../api/actions';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { pushNotice } from '../../stores/notices';

export function ImportBanner({ sources, credentialsFile }: { sources: SourceProfile[]; credentialsFile: string }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  if (sources.length === 0 && !error) return null;
  const names = sources.map((s) => s.name);

  async function run(): Promise<void> {
    setBusy(true);
    const r = await importSources(names);
    setBusy(false);
    setConfirming(false);
    if (!r.ok) return setError(r.error);
    const skipped = r.value.skipped.map((s) => `${s.name} (${s.reason})`);
    pushNotice(
      skipped.length > 0 ? 'warning' : 'info',
      `Imported ${r.value.imported.length} profile(s) into the keychain.${skipped.length > 0 ? ` Skipped: ${skipped.join('; ')}.` : ''}${r.value.backupPath ? ` Backup: ${r.value.backupPath}` : ''}`,
    );
  }

  return (
    <section className="banner" aria-labelledby="import-title">
      <div>
        <h2 id="import-title" className="banner__title">
          {sources.length === 1 ? '1 profile keeps' : `${sources.length} profiles keep`} long-term keys in plaintext
        </h2>
        <p>
          {names.join(', ')} {sources.length === 1 ? 'is' : 'are'} readable by anything that can read <span className="mono">{credentialsFile}</span>. Move them into the keychain.
        </p>
        {error && <ErrorMessage error={error} onDismiss={() => setError(undefined)} />}
      </div>
      {sources.length > 0 && (
        <button type="button" className="button button--primary" onClick={() => setConfirming(true)}>
          Import all to keychain
        </button>
      )}
      {confirming && (
        <ConfirmDialog title="Move plaintext keys into the keychain?" confirmLabel="Import and remove plaintext" busy={busy} onConfirm={() => void run()} onCancel={() => setConfirming(false)}>
          <p>
            {names.join(', ')}: the keys go into your OS keychain, are read back to check them, and only then are removed from <span className="mono">{credentialsFile}</span> (a backup is
            written first; the rest of the file stays byte for byte).
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
