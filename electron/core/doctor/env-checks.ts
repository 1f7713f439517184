/**
 * Checks on what decides which credentials the AWS tools actually use: the config profile a target
 * shares its name with, and the environment variables that outrank every profile. Both make the
 * keys Rolecall writes silently unused — the most confusing failure a credentials tool can have.
 */
import type { ProfileCatalog } from '../profiles/catalog';
import { configHeader } from '../../shared/profile-rules';
import { endpointOverrideProblem } from '../sts/endpoint-policy';
import { shellQuote } from './file-checks';
import type { DoctorCheck, DoctorSettings } from './types';
import { SHADOWING_KEY } from '../../shared/profile-rules';

/** The config keys botocore resolves before (or beside) the credentials file: same rule as the writer's guard. */

/**
 * Targets whose config profile would shadow the keys in the credentials file: every section Rolecall
 * manages, the default target and each per-role target from the settings.
 */
export function checkShadowedTargets(catalog: ProfileCatalog, settings: DoctorSettings, configFile: string): DoctorCheck[] {
  const targets = new Map<string, string>(); // target → why we care
  for (const m of catalog.managed) targets.set(m.name, 'Rolecall writes session credentials there');
  for (const t of Object.values(settings.roleTargets)) if (!targets.has(t)) targets.set(t, 'a role is set to switch into it');
  if (!targets.has(settings.defaultTarget)) targets.set(settings.defaultTarget, 'it is the default target profile');
  const out: DoctorCheck[] = [];
  for (const [target, why] of [...targets].sort((a, b) => a[0].localeCompare(b[0]))) {
    const config = Object.prototype.hasOwnProperty.call(catalog.files.configFile, target) ? catalog.files.configFile[target] : undefined;
    const found = Object.keys(config ?? {}).filter((k) => SHADOWING_KEY.test(k));
    if (found.length === 0) continue;
    const header = configHeader(target);
    out.push({
      id: `target-shadowed:${target}`,
      status: 'fail',
      message: `Profile "${target}" (${why}) is shadowed: ${header} in ${configFile} sets ${found.join(', ')}, so the AWS CLI and SDKs use that instead of the keys Rolecall writes to the credentials file.`,
      fix: `Remove ${found.join(', ')} from ${header}, or pick another target (rolecall switch <profile> --target ${shellQuote(`${target}-session`)}).`,
    });
  }
  if (out.length === 0) {
    out.push({ id: 'targets', status: 'ok', message: `No target profile is shadowed by role_arn, credential_process or sso_* settings in ${configFile}.` });
  }
  return out;
}

const CREDENTIAL_VARS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'] as const;

/**
 * Credential variables outrank every profile (only an explicit `--profile` beats them), and
 * AWS_PROFILE picks the profile commands use when they name none. Names only: the values are secrets.
 */
export function checkEnvironment(env: Readonly<Record<string, string | undefined>>, settings: DoctorSettings, managed: ReadonlySet<string>): DoctorCheck[] {
  const out: DoctorCheck[] = [];
  const set = CREDENTIAL_VARS.filter((v) => (env[v] ?? '').trim() !== '');
  if (set.length === 0) {
    out.push({ id: 'env-credentials', status: 'ok', message: 'No AWS credentials are set in the environment.' });
  } else {
    out.push({
      id: 'env-credentials',
      status: 'warn',
      message: `${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set in the environment: the AWS CLI and SDKs use ${set.length === 1 ? 'it' : 'them'} instead of any profile (AWS_PROFILE included) unless a command passes --profile.`,
      fix: `unset ${set.join(' ')}`,
    });
  }
  out.push(checkEndpointOverrides(env));
  const profile = (env.AWS_PROFILE ?? '').trim();
  if (profile === '') {
    out.push({ id: 'env-profile', status: 'ok', message: `AWS_PROFILE is not set: commands without --profile use "default"${settings.defaultTarget === 'default' ? ', where Rolecall writes' : ''}.` });
  } else if (profile === settings.defaultTarget || managed.has(profile)) {
    out.push({ id: 'env-profile', status: 'ok', message: `AWS_PROFILE is "${profile}", a profile Rolecall writes to.` });
  } else {
    out.push({
      id: 'env-profile',
      status: 'warn',
      message: `AWS_PROFILE is "${profile}": commands without --profile use it, not "${settings.defaultTarget}" where Rolecall writes by default.`,
      fix: `unset AWS_PROFILE (or export AWS_PROFILE=${shellQuote(settings.defaultTarget)})`,
    });
  }
  return out;
}

/**
 * STS endpoint overrides: one Rolecall refuses (plain http off the machine) fails every STS call; a
 * generic AWS_ENDPOINT_URL, often left by another tool (LocalStack, a mock), sends Rolecall's STS
 * calls there too unless AWS_ENDPOINT_URL_STS is set.
 */
export function checkEndpointOverrides(env: Readonly<Record<string, string | undefined>>): DoctorCheck {
  const id = 'env-endpoint';
  for (const variable of ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL'] as const) {
    const value = (env[variable] ?? '').trim();
    const problem = value === '' ? undefined : endpointOverrideProblem(value, variable);
    if (problem) return { id, status: 'fail', message: problem.message, fix: problem.action ?? `unset ${variable}` };
  }
  const sts = (env.AWS_ENDPOINT_URL_STS ?? '').trim();
  const generic = (env.AWS_ENDPOINT_URL ?? '').trim();
  if (generic !== '' && sts === '') {
    return {
      id,
      status: 'warn',
      message: `AWS_ENDPOINT_URL is set (${new URL(generic).host}): it sends every AWS call without its own endpoint setting there, Rolecall's STS calls included. Another tool (a local emulator?) may have left it in your environment.`,
      fix: 'unset AWS_ENDPOINT_URL (or set AWS_ENDPOINT_URL_STS if STS really lives elsewhere)',
    };
  }
  if (sts !== '') return { id, status: 'ok', message: `STS calls go to AWS_ENDPOINT_URL_STS (${new URL(sts).host}).` };
  return { id, status: 'ok', message: 'No AWS endpoint override is set: STS calls go to AWS.' };
}
