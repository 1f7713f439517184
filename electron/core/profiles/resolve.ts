/**
 * Resolves every role's chain (role → … → source) the way botocore's AssumeRoleProvider walks it, and
 * attaches botocore-quality errors for what breaks a chain: a missing source, a loop, a source with
 * no credentials, or an invalid profile somewhere down the chain.
 *
 * Results are memoised per profile, so a file with thousands of roles sharing sources (or one very
 * long chain) resolves in linear time.
 */
import type { OtherReason, Profile, RoleProfile } from './model';

interface Resolution {
  /** Names from the role down to its source; empty when the chain cannot be resolved. */
  chain: string[];
  /** Errors found below the role (its own validation errors are already on it). */
  errors: string[];
}

/** How a walk ended; a loop is given as its members in order, starting at path index `from`. */
type Terminal = { ok: true; tail: string[]; errors: string[] } | { ok: false; errors: string[] } | { loop: string[]; from: number };

const ARROW = ' → ';

interface State {
  byName: Map<string, Profile>;
  memo: Map<string, Resolution>;
  /** Name → id of the walk that has it on its path: one map for all walks, no per-walk sets. */
  onPath: Map<string, number>;
  walk: number;
}

/**
 * Fills `chain` and appends chain errors on every role of `profiles`, in place (they are freshly
 * built). Until the last loop, each profile's `error` holds only its own validation errors.
 */
export function resolveChains(profiles: Profile[]): void {
  const state: State = { byName: new Map(), memo: new Map(), onPath: new Map(), walk: 0 };
  for (const p of profiles) state.byName.set(p.name, p);
  for (const role of profiles) {
    if (role.kind === 'role' && !state.memo.has(role.name)) walk(role, state);
  }
  for (const p of profiles) {
    if (p.kind !== 'role') continue;
    const r = state.memo.get(p.name)!;
    p.chain = r.chain;
    if (r.errors.length === 0) continue;
    const errors = [...new Set([p.error, ...r.errors].filter((e): e is string => e !== undefined))];
    p.error = errors.join(' ');
  }
}

/** A role whose own settings do not say where its credentials come from cannot be walked past. */
function structurallyBroken(r: RoleProfile): boolean {
  return (r.sourceProfile !== undefined) === (r.credentialSource !== undefined);
}

/** The own problem of a profile met along a chain, phrased for the role at the top. */
function nodeError(p: Profile): string[] {
  const e = p.kind === 'role' && p.ownSource ? p.ownSource.error : p.error;
  return e ? [`The profile "${p.name}" in this chain is invalid: ${e}`] : [];
}

function walk(top: RoleProfile, state: State): void {
  const { byName, memo, onPath } = state;
  const id = ++state.walk;
  const path: RoleProfile[] = [top];
  onPath.set(top.name, id);
  let terminal: Terminal | undefined;
  while (terminal === undefined) {
    const cur = path[path.length - 1]!;
    if (structurallyBroken(cur)) {
      terminal = { ok: false, errors: [] };
      break;
    }
    if (cur.sourceProfile === undefined) {
      terminal = { ok: true, tail: [], errors: [] }; // credential_source: the chain ends in this role
      break;
    }
    const s = cur.sourceProfile;
    if (cur === top && s === top.name && top.ownSource) {
      // botocore lets a profile name itself when it holds static keys: they are the source.
      terminal = { ok: true, tail: [s], errors: nodeError(top) };
      break;
    }
    if (onPath.get(s) === id) {
      const from = path.findIndex((p) => p.name === s);
      terminal = { loop: path.slice(from).map((p) => p.name), from };
      break;
    }
    const t = byName.get(s);
    if (t === undefined) {
      terminal = { ok: false, errors: [`The source_profile "${s}" referenced in the profile "${cur.name}" does not exist.`] };
    } else if (t.kind === 'other') {
      terminal = { ok: false, errors: [otherSourceError(s, cur.name, t.reason)] };
    } else if (t.kind === 'source' || t.ownSource) {
      terminal = { ok: true, tail: [s], errors: nodeError(t) }; // static keys beat role_arn in a source
    } else {
      const known = memo.get(s);
      if (known && onPath.get(known.chain[known.chain.length - 1] ?? '') === id) {
        // `s` resolves to the keys of our top, which count only when it is not revisited: a loop.
        terminal = { loop: [...path.map((p) => p.name), ...known.chain.slice(0, -1)], from: 0 };
      } else if (known) {
        const errors = [...nodeError(t), ...known.errors];
        terminal = known.chain.length > 0 ? { ok: true, tail: known.chain, errors } : { ok: false, errors };
      } else {
        path.push(t);
        onPath.set(s, id);
      }
    }
  }
  record(path, terminal, memo);
}

/** Stores the resolution of every role on the walked path (each suffix resolves the same way). */
function record(path: RoleProfile[], terminal: Terminal, memo: Map<string, Resolution>): void {
  const names = path.map((p) => p.name);
  if ('loop' in terminal) {
    const { loop, from: c } = terminal;
    const message = (cycle: string[]): string =>
      `Infinite loop in credential configuration: ${[...cycle, cycle[0]!].join(ARROW)}. Point the source_profile of one of these profiles at a profile with credentials.`;
    // The top may hold static keys that only count when it is the top: its loop mates, walked on
    // their own, would end in those keys instead. So memoise them only when the top has none.
    const last = path[0]!.ownSource && c === 0 ? 0 : names.length - 1;
    for (let i = 0; i <= last; i++) {
      const cycle = i < c ? loop : [...loop.slice(i - c), ...loop.slice(0, i - c)];
      memo.set(names[i]!, { chain: [], errors: [message(cycle)] });
    }
    return;
  }
  let below: string[] = terminal.errors;
  for (let i = names.length - 1; i >= 0; i--) {
    memo.set(names[i]!, { chain: terminal.ok ? [...names.slice(i), ...terminal.tail] : [], errors: below });
    if (path[i]!.error) below = [...nodeError(path[i]!), ...below];
  }
}

function otherSourceError(source: string, parent: string, reason: OtherReason): string {
  const prefix = `The source_profile "${source}" referenced in the profile "${parent}"`;
  switch (reason) {
    case 'managed':
      return `${prefix} is a section Rolecall writes session credentials to, not a source of credentials.`;
    case 'sso':
      return `${prefix} signs in with IAM Identity Center (SSO), which Rolecall cannot use as a source: point it at a keychain or credentials-file profile.`;
    case 'credential_process':
      return `${prefix} uses credential_process, which Rolecall cannot use as a source: point it at a keychain or credentials-file profile.`;
    case 'web_identity':
      return `${prefix} uses a web identity token, which Rolecall cannot use as a source: point it at a keychain or credentials-file profile.`;
    case 'settings-only':
      return `The source profile "${source}" must have credentials.`;
  }
}
