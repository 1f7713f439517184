/**
 * Main → renderer events folded into the stores. Subscribed once per window at start-up; the
 * returned function unsubscribes everything (tests, hot reload).
 */
import { removeMfaRequest, upsertMfaRequest } from '../stores/mfa';
import { pushNotice } from '../stores/notices';
import { elevationEnding, fellBack } from '../contract';
import { applySessions, reloadProfiles } from './actions';

export function connectEvents(): () => void {
  const api = window.api;
  const offs = [
    api.onSessionsChanged(({ sessions }) => applySessions(sessions)),
    api.onMfaRequired(({ request }) => upsertMfaRequest(request)),
    api.onMfaUpdated(({ request }) => upsertMfaRequest(request)),
    api.onMfaResolved(({ mfaSerial }) => removeMfaRequest(mfaSerial)),
    api.onSessionExpired(({ target, removed }) => {
      pushNotice('warning', `The session in “${target}” expired${removed ? ' and was removed from the credentials file' : ''}.`);
      void reloadProfiles();
    }),
    api.onSessionError(({ target, error }) => pushNotice('error', `Could not refresh “${target}”: ${error.message}`)),
    api.onNotice(({ level, message }) => pushNotice(level, message)),
    // W4: the card has Extend; a fallback the user asked for was announced by the action itself
    api.onElevationEnding((e) => pushNotice('warning', `${elevationEnding({ type: 'elevation-ending', ...e }).title}.`)),
    api.onFellBack((e) => {
      if (!e.timedOut) return;
      const text = fellBack({ type: 'fell-back', ...e });
      pushNotice(e.error ? 'warning' : 'info', `${text.title}. ${text.body.split('\n')[0]}`);
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
