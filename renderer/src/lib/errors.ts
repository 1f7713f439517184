/**
 * Errors are data (style.md §9): the contract hands the renderer `{code, message, action}`. This
 * module gives each code a short human heading and reads the few facts the UI acts on (how long to
 * wait for the next MFA code) out of the text, since details do not cross IPC.
 */
import type { ErrorInfo } from '../contract';

const HEADINGS: Partial<Record<ErrorInfo['code'], string>> = {
  ConfigMalformed: 'Your AWS config file could not be read',
  ProfileNotFound: 'Profile not found',
  ProfileInvalid: 'This profile cannot be used as it is',
  ProfileValueInvalid: 'A value in this profile is not usable',
  ProfileCycle: 'Profiles point at each other in a loop',
  SectionNotManaged: 'That profile was not written by Rolecall',
  TargetShadowed: 'The target profile is overridden',
  FileWriteFailed: 'Could not write your AWS files',
  FileLocked: 'Your AWS files are busy',
  KeychainUnavailable: 'The keychain is not available',
  KeychainLocked: 'Your keychain is locked',
  KeychainTimeout: 'The keychain did not answer',
  KeychainError: 'The keychain reported a problem',
  SourceExists: 'A source with that name exists',
  SourceNotFound: 'Source not found',
  InvalidInput: 'Please check what you entered',
  MfaRequired: 'An MFA code is needed',
  MfaInvalid: 'That code was not accepted',
  MfaCodeReused: 'That code was already used',
  AccessDenied: 'AWS denied the request',
  InvalidClientTokenId: 'AWS did not recognise the key',
  ExpiredToken: 'The session has expired',
  ClockSkew: 'Your clock is out of sync',
  Throttled: 'AWS asked us to slow down',
  StsValidation: 'AWS rejected the request',
  NetworkError: 'Could not reach AWS',
  StsError: 'AWS had a problem',
  SessionNotFound: 'No such session',
  SessionReplaced: 'Another session took this profile',
  SessionEnded: 'That session has ended',
  NoPendingMfa: 'Nothing is waiting for a code',
  AgentRunning: 'Rolecall is already running',
  StateCorrupt: 'Rolecall’s saved state was damaged',
  ConsoleUnsupported: 'Console sign-in is not possible here',
  Internal: 'Something went wrong',
};

export function errorHeading(error: ErrorInfo): string {
  return HEADINGS[error.code] ?? 'Something went wrong';
}

/** Seconds until the next MFA code, from "Wait 17 s for the next code…" (MfaCodeReused). */
export function waitSecondsFrom(error: ErrorInfo): number | undefined {
  const m = /wait (\d{1,3}) ?s(?:econds?)?\b/i.exec(`${error.action ?? ''} ${error.message}`);
  return m ? Number(m[1]) : undefined;
}

/** For promises that reject instead of resolving a Result (they should not; this keeps the UI calm if one does). */
export function unexpectedError(): ErrorInfo {
  return { code: 'Internal', message: 'Rolecall’s background process did not answer.', action: 'Try again; if it keeps happening, quit and restart Rolecall.' };
}
