/**
 * "Rotate keys…" for a keychain source: what will happen, then the rotation's progress lines as
 * main sends them, a question when the IAM user already has two keys (which one would be deleted),
 * the MFA prompt when the IAM calls need a code, and the outcome. When the keychain failed after IAM made the new key, the key is shown here once
 * so it is not lost; it lives only in this dialog's state and is gone when the dialog closes.
 */
import { useEffect, useRef, useState } from 'react';
import type { ErrorInfo, KeyToDeleteInfo } from '../../contract';
import { cancelMfa, submitMfa } from '../../api/actions';
import { rotateSourceKeys, watchRotationProgress } from '../../api/rotation';
import { CopyField } from '../../components/CopyField';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MfaEntry } from '../../components/MfaEntry';
import { useStore } from '../../lib/store';
import { mfaStore } from '../../stores/mfa';

type Phase =
  | { name: 'ask' }
  | { name: 'running' }
  | { name: 'confirm-delete'; key: KeyToDeleteInfo }
  | { name: 'done'; summary: string }
  | { name: 'failed'; error: ErrorInfo }
  | { name: 'unsaved'; error: ErrorInfo; key: { accessKeyId: string; secretShownOnce: string } };

export interface RotateKeysDialogProps {
  source: string;
  accessKeyId: string | undefined;
  onClose(): void;
}

function describeKey(k: KeyToDeleteInfo): string {
  const used = k.lastUsedAt ? `last used ${k.lastUsedAt.slice(0, 10)}${k.lastUsedService ? ` (${k.lastUsedService})` : ''}` : 'never used';
  return `created ${k.createdAt.slice(0, 10)}, ${used}`;
}

export function RotateKeysDialog({ source, accessKeyId, onClose }: RotateKeysDialogProps) {
  const [phase, setPhase] = useState<Phase>({ name: 'ask' });
  const [lines, setLines] = useState<string[]>([]);
  const primary = useRef<HTMLButtonElement>(null);
  const busy = phase.name === 'running';
  // the rotation's MFA code is asked through the app's usual prompt; shown here too, since this
  // dialog is modal (the tray app's popup window asks as well)
  const mfa = useStore(mfaStore, (all) => all.find((r) => r.profiles.includes(source)));

  useEffect(() => watchRotationProgress(source, (m) => setLines((l) => [...l, m])), [source]);

  async function run(deleteKeyId?: string): Promise<void> {
    setPhase({ name: 'running' });
    const r = await rotateSourceKeys(source, deleteKeyId);
    if (!r.ok) return setPhase({ name: 'failed', error: r.error });
    const v = r.value;
    if (v.status === 'confirm-delete') return setPhase({ name: 'confirm-delete', key: v.keyToDelete });
    if (v.status === 'keychain-failed') return setPhase({ name: 'unsaved', error: v.error, key: v.unsavedKey });
    const extra = v.alsoDeleted.length > 0 ? ` Also deleted: ${v.alsoDeleted.join(', ')}.` : '';
    setPhase({ name: 'done', summary: `“${source}” now uses ${v.newAccessKeyId ?? 'its new key'}; ${v.oldAccessKeyId ?? 'the old key'} was deleted.${extra}` });
  }

  return (
    <Dialog title={`Rotate the access key of “${source}”`} role="alertdialog" initialFocus={primary} focusKey={phase.name} busy={busy} onCancel={onClose}>
      <div className="dialog__body" data-rotation-phase={phase.name}>
        {phase.name === 'ask' && (
          <p>
            Rolecall creates a new access key for this IAM user, stores it in the keychain (and reads it back), checks that AWS accepts it — IAM can take up to half a
            minute — and then deletes the old key{accessKeyId ? <> <span className="mono">{accessKeyId}</span></> : ''}. If the IAM calls need MFA, the code prompt opens.
          </p>
        )}
        {phase.name === 'confirm-delete' && (
          <p>
            This IAM user already has two access keys, IAM’s limit. To rotate, Rolecall would delete <span className="mono">{phase.key.accessKeyId}</span> ({describeKey(phase.key)}), the
            one that is not in the keychain. Nothing has been changed yet.
          </p>
        )}
        {lines.length > 0 && phase.name !== 'ask' && (
          <ol className="progress-lines" aria-live="polite" aria-label="Progress">
            {lines.map((l, i) => (
              <li key={i}>{l}</li>
            ))}
          </ol>
        )}
        {busy && mfa && <MfaEntry request={mfa} onSubmit={(code) => submitMfa(mfa.mfaSerial, code)} onCancel={() => void cancelMfa(mfa.mfaSerial)} />}
        {phase.name === 'done' && <p role="status">{phase.summary}</p>}
        {phase.name === 'failed' && <ErrorMessage error={phase.error} />}
        {phase.name === 'unsaved' && (
          <>
            <ErrorMessage error={phase.error} />
            <p>
              <strong>Keep this key now: it is shown only this once.</strong> It works in AWS but is not in the keychain.
            </p>
            <CopyField id="unsaved-key-id" label="Access key ID" value={phase.key.accessKeyId} />
            <CopyField id="unsaved-key-secret" label="Secret access key" value={phase.key.secretShownOnce} />
          </>
        )}
      </div>
      <div className="button-row button-row--end">
        {(phase.name === 'ask' || phase.name === 'confirm-delete' || busy) && (
          <button ref={busy ? undefined : primary} type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        )}
        {phase.name === 'ask' && (
          <button type="button" className="button button--primary" onClick={() => void run()}>
            Rotate
          </button>
        )}
        {busy && (
          <button type="button" className="button button--primary" disabled>
            Rotating…
          </button>
        )}
        {phase.name === 'confirm-delete' && (
          <button type="button" className="button button--danger" onClick={() => void run(phase.key.accessKeyId)}>
            Delete {phase.key.accessKeyId} and rotate
          </button>
        )}
        {(phase.name === 'done' || phase.name === 'failed' || phase.name === 'unsaved') && (
          <button ref={primary} type="button" className="button button--primary" onClick={onClose}>
            {phase.name === 'unsaved' ? 'I have kept the key — close' : 'Close'}
          </button>
        )}
      </div>
    </Dialog>
  );
}
