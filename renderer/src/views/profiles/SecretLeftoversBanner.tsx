/**
 * The plaintext banner's second half: backups and other copies beside the AWS files that still hold
 * secret keys (e.g. a backup written before scrub backups were redacted). They undo the keychain's
 * protection, so the banner names them and offers to redact them; main finds the files itself, so
 * the renderer never hands it a path to rewrite. Checked on open and whenever `refreshKey` changes.
 */
import { useEffect, useState } from 'react';
import type { ErrorInfo } from '../../contract';
import { cleanSecretLeftovers, findSecretLeftovers } from '../../api/actions';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { pushNotice } from '../../stores/notices';

export function SecretLeftoversBanner({ refreshKey }: { refreshKey: string }) {
  const [files, setFiles] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();

  useEffect(() => {
    let live = true;
    void findSecretLeftovers().then((r) => {
      if (live && r.ok) setFiles(r.value);
    });
    return () => {
      live = false;
    };
  }, [refreshKey]);

  if (files.length === 0 && !error) return null;

  async function clean(): Promise<void> {
    setBusy(true);
    const r = await cleanSecretLeftovers();
    setBusy(false);
    setConfirming(false);
    if (!r.ok) return setError(r.error);
    pushNotice('info', `Redacted the secret keys in ${r.value.length} file(s).`);
    const again = await findSecretLeftovers();
    setFiles(again.ok ? again.value : []);
  }

  return (
    <section className="banner" aria-labelledby="leftovers-title">
      <div>
        <h2 id="leftovers-title" className="banner__title">
          {files.length === 1 ? '1 file beside your AWS files holds' : `${files.length} files beside your AWS files hold`} secret keys in plaintext
        </h2>
        <ul>
          {files.map((f) => (
            <li key={f} className="mono">
              {f}
            </li>
          ))}
        </ul>
        {error && <ErrorMessage error={error} onDismiss={() => setError(undefined)} />}
      </div>
      {files.length > 0 && (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Redact secret keys
        </button>
      )}
      {confirming && (
        <ConfirmDialog title="Redact the secret keys in these files?" confirmLabel="Redact" danger busy={busy} onConfirm={() => void clean()} onCancel={() => setConfirming(false)}>
          <p>Each aws_secret_access_key and session token line becomes a comment; every other line stays. The secrets cannot be recovered from these files afterwards.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
