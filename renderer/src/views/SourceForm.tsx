/**
 * Add or replace a source profile's keys in the keychain. The secret field is masked (with a show
 * toggle) and pasting a whole key pair — the IAM console's CSV, a credentials snippet — fills both
 * fields. "Save" verifies the keys with STS first and shows whose they are. Editing offers removal,
 * behind a confirmation.
 */
import { useId, useState, type ClipboardEvent, type FormEvent } from 'react';
import type { AddSourceResult, ErrorInfo } from '../contract';
import { addSource, removeSource } from '../api/actions';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { TextField } from '../components/TextField';
import { parseKeyPaste, validateSourceField } from '../lib/key-paste';
import { navigate, routeHref } from '../lib/router';
import { useStore } from '../lib/store';
import { profilesStore } from '../stores/profiles';

type Field = 'name' | 'accessKeyId' | 'secretAccessKey' | 'mfaSerial' | 'region';

/** A region code as AWS spells it; the core checks it again. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function SourceForm({ editing }: { editing?: string }) {
  const id = useId();
  const existing = useStore(profilesStore, (s) => s.profiles.find((p) => p.name === editing && p.kind === 'source'));
  const [values, setValues] = useState<Record<Field, string>>({
    name: editing ?? '',
    accessKeyId: '',
    secretAccessKey: '',
    mfaSerial: existing?.kind === 'source' ? existing.mfaSerial ?? '' : '',
    region: '',
  });
  const [writeConfig, setWriteConfig] = useState(false);
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [showSecret, setShowSecret] = useState(false);
  const [verify, setVerify] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const [saved, setSaved] = useState<AddSourceResult | undefined>();
  const [confirmRemove, setConfirmRemove] = useState(false);

  const problems: Record<Field, string | undefined> = {
    name: validateSourceField.name(values.name),
    accessKeyId: validateSourceField.accessKeyId(values.accessKeyId),
    secretAccessKey: validateSourceField.secretAccessKey(values.secretAccessKey),
    mfaSerial: validateSourceField.mfaSerial(values.mfaSerial),
    region: writeConfig && values.region.trim() && !REGION.test(values.region.trim()) ? 'Use a region code such as eu-west-1.' : undefined,
  };
  const set = (field: Field, value: string) => setValues((v) => ({ ...v, [field]: value }));
  const shown = (field: Field) => (touched[field] ? problems[field] : undefined);

  function onKeyPaste(e: ClipboardEvent<HTMLInputElement>, field: 'accessKeyId' | 'secretAccessKey'): void {
    const text = e.clipboardData.getData('text');
    const keys = parseKeyPaste(text);
    e.preventDefault();
    if (keys.accessKeyId && keys.secretAccessKey) {
      setValues((v) => ({ ...v, accessKeyId: keys.accessKeyId!, secretAccessKey: keys.secretAccessKey! }));
    } else {
      // one value: keep it, minus the stray spaces and line breaks a copy tends to bring along
      set(field, (field === 'accessKeyId' ? keys.accessKeyId : keys.secretAccessKey) ?? text.trim());
    }
  }

  async function save(overwrite: boolean): Promise<void> {
    setTouched({ name: true, accessKeyId: true, secretAccessKey: true, mfaSerial: true, region: true });
    if (Object.values(problems).some(Boolean)) return;
    setBusy(true);
    setError(undefined);
    const mfa = values.mfaSerial.trim();
    const region = values.region.trim();
    const r = await addSource({
      name: values.name.trim(),
      accessKeyId: values.accessKeyId.trim(),
      secretAccessKey: values.secretAccessKey,
      ...(mfa ? { mfaSerial: mfa } : {}),
      ...(writeConfig ? { writeConfig: true, ...(region ? { region } : {}) } : {}),
      verify,
      ...(overwrite || editing ? { overwrite: true } : {}),
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    // the secret leaves this window's memory as soon as main has it
    setValues((v) => ({ ...v, secretAccessKey: '' }));
    setSaved(r.value);
  }

  async function remove(): Promise<void> {
    if (!editing) return;
    setBusy(true);
    const problem = await removeSource(editing);
    setBusy(false);
    setConfirmRemove(false);
    if (problem) setError(problem);
    else navigate({ name: 'profiles' });
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  if (saved) {
    return (
      <div className="view">
        <h1>{editing ? 'Keys replaced' : 'Source profile added'}</h1>
        <div className="panel success" role="status">
          <p>
            “{saved.name}” (<span className="mono">{saved.accessKeyId}</span>) is stored in your keychain.
          </p>
          {saved.identityArn ? (
            <p>
              Verified identity: <span className="mono identity">{saved.identityArn}</span>
            </p>
          ) : (
            <p>The keys were not checked with AWS.</p>
          )}
          {saved.config?.written && (
            <p>
              Wrote <span className="mono">[{saved.config.section}]</span> to <span className="mono">{saved.config.file}</span>.
            </p>
          )}
          {saved.notes?.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
        <a className="button button--primary" href={routeHref({ name: 'profiles' })}>
          Back to profiles
        </a>
      </div>
    );
  }

  return (
    <div className="view">
      <h1>{editing ? `Replace the keys of “${editing}”` : 'Add a source profile'}</h1>
      <p className="lead">An IAM user’s long-term access key. It is kept in your OS keychain, never in a file.</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField id={`${id}-name`} label="Profile name" value={values.name} readOnly={editing !== undefined} error={shown('name')} hint="The name roles use as source_profile." onChange={(v) => set('name', v)} onBlur={() => setTouched((t) => ({ ...t, name: true }))} />
        <TextField id={`${id}-key`} label="Access key ID" value={values.accessKeyId} mono error={shown('accessKeyId')} hint="Paste the whole key pair here (e.g. the IAM console’s CSV line) to fill both fields." onChange={(v) => set('accessKeyId', v)} onPaste={(e) => onKeyPaste(e, 'accessKeyId')} onBlur={() => setTouched((t) => ({ ...t, accessKeyId: true }))} />
        <TextField
          id={`${id}-secret`}
          label="Secret access key"
          type={showSecret ? 'text' : 'password'}
          value={values.secretAccessKey}
          mono
          error={shown('secretAccessKey')}
          onChange={(v) => set('secretAccessKey', v)}
          onPaste={(e) => onKeyPaste(e, 'secretAccessKey')}
          onBlur={() => setTouched((t) => ({ ...t, secretAccessKey: true }))}
          after={
            <button type="button" className="button button--quiet" aria-pressed={showSecret} aria-controls={`${id}-secret`} onClick={() => setShowSecret((s) => !s)}>
              {showSecret ? 'Hide' : 'Show'}
            </button>
          }
        />
        <TextField id={`${id}-mfa`} label="MFA device ARN (optional)" value={values.mfaSerial} mono error={shown('mfaSerial')} hint="arn:aws:iam::123456789012:mfa/your-name — Rolecall asks for a code when a role needs it." onChange={(v) => set('mfaSerial', v)} onBlur={() => setTouched((t) => ({ ...t, mfaSerial: true }))} />
        {!editing && (
          <div className="field field--check">
            <input id={`${id}-write-config`} type="checkbox" checked={writeConfig} onChange={(e) => setWriteConfig(e.target.checked)} />
            <label htmlFor={`${id}-write-config`}>Write a [profile] section with the MFA device and region to the AWS config file (as aws-vault does; only if it has none)</label>
          </div>
        )}
        {writeConfig && !editing && (
          <TextField id={`${id}-region`} label="Region (optional)" value={values.region} mono error={shown('region')} hint="Written as region = … so the AWS CLI needs no AWS_REGION for this profile and its roles." onChange={(v) => set('region', v)} onBlur={() => setTouched((t) => ({ ...t, region: true }))} />
        )}
        <div className="field field--check">
          <input id={`${id}-verify`} type="checkbox" checked={verify} onChange={(e) => setVerify(e.target.checked)} />
          <label htmlFor={`${id}-verify`}>Check the keys with AWS before saving (shows whose keys they are)</label>
        </div>
        {error && (
          <ErrorMessage
            error={error}
            onDismiss={() => setError(undefined)}
            {...(error.code === 'SourceExists' ? { actionLabel: 'Replace the stored keys', onAction: () => void save(true) } : {})}
          />
        )}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : verify ? 'Verify and save' : 'Save'}
          </button>
          <a className="button button--quiet" href={routeHref({ name: 'profiles' })}>
            Cancel
          </a>
          {editing && (
            <button type="button" className="button button--danger push-end" onClick={() => setConfirmRemove(true)} disabled={busy}>
              Remove source
            </button>
          )}
        </div>
      </form>
      {confirmRemove && editing && (
        <ConfirmDialog title={`Remove “${editing}”?`} confirmLabel="Remove from keychain" danger busy={busy} onConfirm={() => void remove()} onCancel={() => setConfirmRemove(false)}>
          <p>Its keys and any cached MFA session are deleted from the keychain. Roles that use it as their source stop working until you add it again. Your AWS files are not changed.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
