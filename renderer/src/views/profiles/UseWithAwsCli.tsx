/**
 * "Use with AWS CLI…" on a source or role row: writes a profile into the AWS config whose
 * `credential_process` asks Rolecall for this profile's credentials, so `aws --profile NAME …` (and
 * every SDK) works with no keys on disk. The row's button holds only an open flag (no store
 * subscription per row); the dialog, mounted while open, holds the form and its three steps:
 * the name, a second confirmation to take over a section the user wrote, and the result.
 */
import { memo, useId, useState, type FormEvent } from 'react';
import { configSectionName, type ErrorInfo, type SetupCredentialProcessResult } from '../../contract';
import { setupCredentialProcess } from '../../api/actions';
import { CopyField } from '../../components/CopyField';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/TextField';
import { useStore } from '../../lib/store';
import { profilesStore } from '../../stores/profiles';

export interface UseWithAwsCliButtonProps {
  profile: string;
  disabled?: boolean;
}

export const UseWithAwsCliButton = memo(function UseWithAwsCliButton({ profile, disabled = false }: UseWithAwsCliButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--quiet" aria-label={`Use with AWS CLI… (${profile})`} aria-haspopup="dialog" disabled={disabled} onClick={() => setOpen(true)}>
        Use with AWS CLI…
      </button>
      {open && <CliSetupDialog profile={profile} onClose={() => setOpen(false)} />}
    </>
  );
});

type Step = { name: 'form' } | { name: 'take-over' } | { name: 'done'; result: SetupCredentialProcessResult };

/** The config section a name is written under, as the AWS CLI spells it. */
const sectionOf = configSectionName;

/** What the core and IPC would refuse anyway, said next to the field before anything is sent. */
function nameProblem(name: string): string | undefined {
  if (name === '') return 'Enter a name for the new profile.';
  if (name.length > 128) return 'Use a name of at most 128 characters.';
  // eslint-disable-next-line no-control-regex
  if (/[\s[\]#;\x00-\x1f\x7f]/.test(name)) return 'Use a name without spaces, brackets, # or ;.';
  return undefined;
}

/** The name as one shell word, for the command the user pastes into a terminal. */
const shellWord = (s: string): string => (/^[A-Za-z0-9_.@+:,/=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export interface CliSetupDialogProps {
  profile: string;
  onClose(): void;
}

export function CliSetupDialog({ profile, onClose }: CliSetupDialogProps) {
  const id = useId();
  const configFile = useStore(profilesStore, (s) => s.configFile);
  const [name, setName] = useState(`${profile}-rolecall`);
  const [nameError, setNameError] = useState<string | undefined>();
  const [step, setStep] = useState<Step>({ name: 'form' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  // bumped after a failed write: the clicked button was disabled meanwhile, so focus goes back to the field
  const [failures, setFailures] = useState(0);
  const where = configFile || 'your AWS config file';

  async function write(takeOver: boolean): Promise<void> {
    const problem = nameProblem(name);
    setNameError(problem);
    if (problem) return;
    setBusy(true);
    setError(undefined);
    const r = await setupCredentialProcess(profile, name, takeOver ? { takeOver: true } : {});
    setBusy(false);
    if (r.ok) return setStep({ name: 'done', result: r.value });
    setError(r.error);
    setFailures((n) => n + 1);
    setStep({ name: 'form' });
  }

  function submit(e: FormEvent): void {
    e.preventDefault();
    if (!busy) void write(false);
  }

  if (step.name === 'done') {
    const { section, profileName, backupPath } = step.result;
    return (
      <Dialog title="Written to your AWS config" describedBy={`${id}-done`} focusKey="done" onCancel={onClose}>
        <div className="dialog__body">
          <p id={`${id}-done`} role="status">
            Wrote <code className="mono">[{section}]</code> to <span className="mono">{where}</span>. The AWS CLI now asks Rolecall for “{profile}” credentials.
          </p>
          <CopyField id={`${id}-try`} label="Try it in a terminal" value={`aws sts get-caller-identity --profile ${shellWord(profileName)}`} />
          {backupPath && (
            <p>
              The previous config file was backed up to <span className="mono">{backupPath}</span>.
            </p>
          )}
        </div>
        <div className="button-row button-row--end">
          <button type="button" className="button button--primary" onClick={onClose}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }

  if (step.name === 'take-over') {
    return (
      <Dialog title={`Take over [${sectionOf(name)}]?`} role="alertdialog" describedBy={`${id}-take-over`} focusKey="take-over" busy={busy} onCancel={onClose}>
        <div id={`${id}-take-over`} className="dialog__body">
          <p>
            <code className="mono">[{sectionOf(name)}]</code> in <span className="mono">{where}</span> was not written by Rolecall. Taking it over replaces its lines with Rolecall’s
            credential_process line; a backup of the config file is written first.
          </p>
          <p>A profile that gets credentials of its own (role_arn, keys, SSO) is never replaced: choose another name for it.</p>
        </div>
        <div className="button-row button-row--end">
          <button type="button" className="button" onClick={() => setStep({ name: 'form' })} disabled={busy}>
            Back
          </button>
          <button type="button" className="button button--danger" onClick={() => void write(true)} disabled={busy}>
            {busy ? 'Working…' : 'Take over'}
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={`Use “${profile}” with the AWS CLI`} describedBy={`${id}-explain`} focusKey={`form:${failures}`} busy={busy} onCancel={onClose}>
      <div className="dialog__body">
        <p id={`${id}-explain`}>
          Writes <code className="mono">[{sectionOf(name || 'NAME')}]</code> to your AWS config with{' '}
          <code className="mono">credential_process = rolecall credential-process --profile {profile}</code>, so <code className="mono">aws --profile {name || 'NAME'} …</code> asks Rolecall
          for credentials; a backup of the config file is written first. Needs Node.js on PATH.
        </p>
        <form id={`${id}-form`} onSubmit={submit} noValidate>
          <TextField
            id={`${id}-name`}
            label="New AWS CLI profile name"
            value={name}
            mono
            error={nameError}
            onChange={(v) => {
              setName(v);
              setNameError(undefined);
            }}
          />
        </form>
        {error && (
          <ErrorMessage
            error={error}
            {...(error.code === 'SectionNotManaged' ? { actionLabel: 'Take over…', onAction: () => setStep({ name: 'take-over' }) } : { onDismiss: () => setError(undefined) })}
          />
        )}
      </div>
      <div className="button-row button-row--end">
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="submit" form={`${id}-form`} className="button button--primary" disabled={busy}>
          {busy ? 'Writing…' : 'Write profile'}
        </button>
      </div>
    </Dialog>
  );
}
