/**
 * The Diagnostics part of About: `rolecall doctor`'s checks, run when asked (one of them asks STS
 * for the time, so never on open). Each check shows its status as a word, not only a colour, and
 * its fix; a fix that is a command is set in monospace so it reads as something to type.
 */
import { useState } from 'react';
import type { DoctorCheck, ErrorInfo } from '../contract';
import { cleanSecretLeftovers, removeByteOrderMarks, runDiagnostics } from '../api/actions';
import { ErrorMessage } from '../components/ErrorMessage';
import { pushNotice } from '../stores/notices';

const STATUS: Record<DoctorCheck['status'], { label: string; badge: string }> = {
  ok: { label: 'OK', badge: 'badge--safe' },
  warn: { label: 'Warning', badge: 'badge--warn' },
  fail: { label: 'Failed', badge: 'badge--error' },
};

/**
 * Doctor's fixes are either a sentence ("Check your network…") or a command ("chmod 600 …",
 * "unset AWS_PROFILE", "rolecall import --scrub dev"): a command starts with a lower-case word and
 * does not end like a sentence.
 */
export function looksLikeCommand(fix: string): boolean {
  return /^[a-z][\w.-]*(\s|$)/.test(fix) && !/[.!?]$/.test(fix.trim());
}

function summary(checks: DoctorCheck[]): string {
  const count = (s: DoctorCheck['status']) => checks.filter((c) => c.status === s).length;
  const [warn, fail] = [count('warn'), count('fail')];
  if (warn === 0 && fail === 0) return `All ${checks.length} checks passed.`;
  return `${checks.length} checks: ${fail} failed, ${warn} with a warning.`;
}

type State = { status: 'idle' } | { status: 'running' } | { status: 'done'; checks: DoctorCheck[] } | { status: 'error'; error: ErrorInfo };

export function DiagnosticsPanel() {
  const [state, setState] = useState<State>({ status: 'idle' });
  const running = state.status === 'running';

  async function run(): Promise<void> {
    setState({ status: 'running' });
    const r = await runDiagnostics();
    setState(r.ok ? { status: 'done', checks: r.value } : { status: 'error', error: r.error });
  }

  /** The BOM botocore cannot parse: main removes it (backup first), then the checks run again. */
  async function fixBom(): Promise<void> {
    setState({ status: 'running' });
    const r = await removeByteOrderMarks();
    if (!r.ok) return setState({ status: 'error', error: r.error });
    for (const f of r.value) pushNotice('info', `Removed the byte order mark from ${f.file}${f.backupPath ? `; the previous file is at ${f.backupPath}` : ''}.`);
    await run();
  }

  /** Backups holding secret keys: main redacts them (the button is the confirmation), then rerun. */
  async function cleanLeftovers(): Promise<void> {
    setState({ status: 'running' });
    const r = await cleanSecretLeftovers();
    if (!r.ok) return setState({ status: 'error', error: r.error });
    for (const f of r.value) pushNotice('info', `Redacted the secret keys in ${f}.`);
    await run();
  }

  return (
    <section className="panel" aria-labelledby="about-diagnostics">
      <h2 id="about-diagnostics">Diagnostics</h2>
      <p>
        The same checks as <code className="mono">rolecall doctor</code>: file permissions, plaintext keys, profiles that cannot be used, environment variables that override
        profiles, the keychain and your clock.
      </p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void run()} disabled={running}>
          {running ? 'Running checks…' : state.status === 'done' ? 'Run checks again' : 'Run checks'}
        </button>
      </div>
      <p className="field__hint" role="status">
        {running ? 'Running checks…' : state.status === 'done' ? summary(state.checks) : ''}
      </p>
      {state.status === 'error' && <ErrorMessage error={state.error} onAction={() => void run()} />}
      {state.status === 'done' && (
        <ul className="checks" aria-label="Check results">
          {state.checks.map((c, i) => (
            <li key={`${c.id}:${i}`} className="check" data-check={c.id} data-status={c.status}>
              <span className={`badge ${STATUS[c.status].badge}`}>{STATUS[c.status].label}</span>
              <div className="check__text">
                <p>{c.message}</p>
                {c.fix && (
                  <p className="check__fix">
                    Fix: {looksLikeCommand(c.fix) ? <code className="mono">{c.fix}</code> : c.fix}
                  </p>
                )}
                {c.id.startsWith('file-bom:') && c.status !== 'ok' && (
                  <button type="button" className="button" onClick={() => void fixBom()} disabled={running}>
                    Remove the byte order mark (backup first)
                  </button>
                )}
                {c.id === 'secret-leftovers' && c.status !== 'ok' && (
                  <button type="button" className="button" onClick={() => void cleanLeftovers()} disabled={running}>
                    Redact the secret keys in these files
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
