/**
 * Redaction of secret lines in a copy of an AWS file: the rule behind scrub backups and the clean-up
 * of old backups and other copies beside the AWS files. A backup of a scrub must not keep the very
 * secret the scrub moved into the keychain, yet it must still undo everything else by hand — so the
 * secret lines (and their continuation lines) become one comment line each and every other byte,
 * the access key id included (it names the key and is no secret), stays as it was.
 */
import { indentOf, keyOf, lineKind, linesIn } from './ini-lines';
import { SectionIndex } from './section-scan';

/** The keys whose values are secrets: a long-term secret key and a temporary session token. */
export const SECRET_KEYS: readonly string[] = ['aws_secret_access_key', 'aws_session_token', 'aws_security_token'];

/** What stands where a secret line was (a comment botocore skips). */
export function redactionNote(key: string): string {
  return `# ${key} redacted by Rolecall (the key is kept in the OS keychain)`;
}

/** `[from, to)` with each secret line replaced by its note (same line ending), continuations dropped. */
function redactRange(text: string, from: number, to: number): string {
  let out = '';
  let dropping = false;
  let level = 0;
  for (const { content, whole } of linesIn(text, from, to)) {
    const kind = lineKind(content);
    if (dropping && kind !== 'blank' && indentOf(content) > level) continue;
    dropping = false;
    const key = keyOf(content);
    if (key === undefined || !SECRET_KEYS.includes(key) || kind === 'header') {
      out += whole;
      continue;
    }
    level = indentOf(content);
    dropping = true;
    out += content.slice(0, level) + redactionNote(key) + whole.slice(content.length);
  }
  return out;
}

/**
 * The text with the secret lines of the named sections redacted (all sections when `sections` is
 * undefined, which also covers files that do not parse as INI). Everything else is kept byte for byte.
 */
export function redactSecretsText(text: string, sections?: readonly string[]): string {
  if (sections === undefined) return redactRange(text, 0, text.length);
  const wanted = new Set(sections);
  let out = '';
  let pos = 0;
  for (const s of SectionIndex.of(text).sections) {
    if (!wanted.has(s.name)) continue;
    out += text.slice(pos, s.bodyStart) + redactRange(text, s.bodyStart, s.end);
    pos = s.end;
  }
  return out + text.slice(pos);
}

/** Whether any line of the text sets `aws_secret_access_key` to a non-empty value. */
export function holdsSecretKey(text: string): boolean {
  return linesIn(text, 0, text.length).some(({ content }) => {
    if (keyOf(content) !== 'aws_secret_access_key') return false;
    const value = content.replace(/^[^=:]*[=:]/, '').trim();
    return value.length > 0;
  });
}
