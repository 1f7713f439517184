/**
 * What the Secret Service really holds under a service, read with `secret-tool` (libsecret's own
 * client, not Rolecall's binding): account → secret, so tests see the entries a value became.
 * secret-tool prints each item's label and secret on stdout and its attributes on stderr, item by
 * item in the same order, so the two are paired by position.
 */
import { spawnSync } from 'node:child_process';

export function keychainEntries(service: string): Map<string, string> {
  const r = spawnSync('secret-tool', ['search', '--all', 'service', service], { encoding: 'utf8' });
  const secrets = [...r.stdout.matchAll(/^secret = (.*)$/gm)].map((m) => m[1]!);
  const accounts = [...r.stderr.matchAll(/^attribute\.username = (.*)$/gm)].map((m) => m[1]!);
  if (secrets.length !== accounts.length) throw new Error(`secret-tool listed ${secrets.length} secrets but ${accounts.length} accounts`);
  return new Map(accounts.map((a, i) => [a, secrets[i]!]));
}
