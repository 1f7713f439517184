/**
 * Devices waiting for a code, each with its entry. In the main window it sits above the current
 * view; the popup route (`#/mfa?serial=…`, opened by main per device) shows only its device.
 */
import { cancelMfa, submitMfa } from '../api/actions';
import { MfaEntry } from '../components/MfaEntry';
import { useStore } from '../lib/store';
import { mfaStore } from '../stores/mfa';

export function MfaPrompts({ serial, popup = false }: { serial?: string | undefined; popup?: boolean }) {
  const requests = useStore(mfaStore);
  const shown = serial ? requests.filter((r) => r.mfaSerial === serial) : requests;
  if (shown.length === 0) {
    return popup ? (
      <div className="view view--popup">
        <h1>MFA code</h1>
        <p className="empty">Nothing is waiting for a code. You can close this window.</p>
      </div>
    ) : null;
  }
  const prompts = shown.map((r, i) => (
    <MfaEntry key={r.mfaSerial} request={r} autoFocus={i === 0} onSubmit={(code) => submitMfa(r.mfaSerial, code)} onCancel={() => void cancelMfa(r.mfaSerial)} />
  ));
  return popup ? (
    <div className="view view--popup">
      <h1 className="visually-hidden">MFA code</h1>
      {prompts}
    </div>
  ) : (
    <section className="panel panel--attention mfa-prompts" aria-label="MFA code needed">
      {prompts}
    </section>
  );
}
