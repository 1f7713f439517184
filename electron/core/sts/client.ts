/**
 * The STS call layer: four calls over `@aws-sdk/client-sts`, each with explicit credentials, a hard
 * deadline, a retry policy that never burns an MFA code, and errors mapped to {@link RolecallError}.
 *
 * Why these choices:
 * - Credentials are always passed in. The SDK's default provider chain would pick up
 *   `AWS_ACCESS_KEY_ID`, `AWS_PROFILE` and the shared files, so a user's environment could silently
 *   decide which identity Rolecall acts as.
 * - The endpoint is left to the SDK's own resolution (regional STS endpoints, partitions,
 *   `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL`), so proxies and the loopback STS in tests work
 *   exactly as they would for any SDK user.
 * - The SDK's clock-skew correction is off: it would make our calls succeed on a wrong clock while
 *   the credentials we write fail in every other tool (the AWS CLI signs with the local clock).
 *   Better to tell the user once, with the offset.
 * - Every call settles within `timeoutMs`, retries included: a hung endpoint is a NetworkError, not
 *   a frozen tray menu.
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { RolecallError } from '../errors';
import { errorTraits } from '../error-traits';
import { endpointOverrideProblem } from './endpoint-policy';
import { mapStsError, type StsErrorContext } from './errors';
import * as check from './input';
import type { MfaCodeGuard } from './mfa-code-guard';
import { createRetryPolicy, type RetryKind } from './retry-policy';
import type { AwsCredentials, CallerIdentity, StsOperation, TemporaryCredentials } from './types';

export interface StsCallerOptions {
  /** The profile's region; else `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1`. */
  region?: string;
  /** Deadline for one whole call, retries included. Default 10 s. */
  timeoutMs?: number;
  /** Attempts per call, first one included. Default 3. */
  maxAttempts?: number;
  /** Base backoff delay between attempts. Default 100 ms (throttling: 5×). */
  retryBaseDelayMs?: number;
  /** When given, every call carrying an MFA code is checked against it and recorded in it. */
  mfaCodeGuard?: MfaCodeGuard;
  /**
   * Where the region fallbacks and `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL` are read from.
   * Default `process.env`. The SDK reads those variables from `process.env` only, so when an env is
   * injected (the app core, tests) the endpoint is passed to the client explicitly.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Local clock, for the clock-skew offset. Default `new Date()`. */
  now?: () => Date;
  /** Profile name put into error messages. */
  profile?: string;
}

export interface MfaInput {
  serialNumber?: string;
  tokenCode?: string;
}

export interface StsCaller {
  readonly region: string;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  /** An MFA session (or plain session) from long-term keys. */
  getSessionToken(creds: AwsCredentials, input?: MfaInput & { durationSeconds?: number }): Promise<TemporaryCredentials>;
  assumeRole(
    creds: AwsCredentials,
    input: MfaInput & { roleArn: string; roleSessionName: string; externalId?: string; durationSeconds?: number },
  ): Promise<TemporaryCredentials & { assumedRoleArn: string }>;
  getCallerIdentity(creds: AwsCredentials): Promise<CallerIdentity>;
  /** Console access for an IAM user with no role: long-term keys only, no MFA parameter exists. */
  getFederationToken(
    creds: AwsCredentials,
    input: { name: string; policy: string; durationSeconds?: number },
  ): Promise<TemporaryCredentials & { federatedUserArn: string }>;
  /** Closes pooled connections. The caller stays usable (clients are recreated on demand). */
  destroy(): void;
}

const MAX_CLIENTS = 8;

/**
 * Region names are host labels; anything else would only make a confusing DNS error later. The
 * region comes from the profile or the environment, never from what was typed for this call, so a
 * bad one is a profile problem and the action names where it was set.
 */
function resolveRegion(explicit: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const [region, where] = explicit
    ? [explicit, 'the region in the profile']
    : env.AWS_REGION
      ? [env.AWS_REGION, 'AWS_REGION in your environment']
      : env.AWS_DEFAULT_REGION
        ? [env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION in your environment']
        : ['us-east-1', ''];
  if (!/^[a-z0-9-]{2,40}$/.test(region)) {
    throw new RolecallError('ProfileValueInvalid', `"${region.slice(0, 60)}" is not an AWS region name.`, {
      action: `Fix ${where} (for example eu-west-1).`,
    });
  }
  return region;
}

interface PooledClient {
  client: STSClient;
  host: { value?: string };
  busy: number;
  evicted: boolean;
}

export function createStsCaller(opts: StsCallerOptions = {}): StsCaller {
  const env = opts.env ?? process.env;
  const region = resolveRegion(opts.region, env);
  const endpoint = opts.env ? (env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || undefined) : undefined;
  // checked on every call, not here: a bad override must fail the STS calls, not every command
  const endpointProblem = overrideProblem(env);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? 3));
  const now = opts.now ?? (() => new Date());
  // Pool keys carry an HMAC of the secret under a per-process random key: the pool can tell
  // credential sets apart without keeping a reversible trace of the secret in its keys.
  const keyKey = randomBytes(32);
  const pool = new Map<string, PooledClient>();

  const releaseClient = (entry: PooledClient) => {
    entry.busy--;
    if (entry.evicted && entry.busy === 0) entry.client.destroy();
  };

  const acquire = (creds: AwsCredentials, kind: RetryKind): PooledClient => {
    const digest = createHmac('sha256', keyKey).update(`${creds.secretAccessKey}\0${creds.sessionToken ?? ''}`).digest('base64url');
    const key = `${kind}:${creds.accessKeyId}:${digest}`;
    let entry = pool.get(key);
    if (entry) {
      pool.delete(key); // re-insert: Map order is our LRU order
    } else {
      entry = { client: makeClient(creds, kind), host: {}, busy: 0, evicted: false };
      const host = entry.host;
      entry.client.middlewareStack.add(
        (next) => async (args) => {
          const req = args.request as { hostname?: unknown; port?: unknown };
          if (typeof req?.hostname === 'string') host.value = typeof req.port === 'number' ? `${req.hostname}:${req.port}` : req.hostname;
          return next(args);
        },
        { step: 'build', name: 'rolecallEndpointHost' },
      );
    }
    pool.set(key, entry);
    while (pool.size > MAX_CLIENTS) {
      const [oldKey, old] = pool.entries().next().value as [string, PooledClient];
      pool.delete(oldKey);
      old.evicted = true;
      if (old.busy === 0) old.client.destroy();
    }
    entry.busy++;
    return entry;
  };

  const makeClient = (creds: AwsCredentials, kind: RetryKind) =>
    new STSClient({
      region,
      credentials: {
        accessKeyId: creds.accessKeyId,
        secretAccessKey: creds.secretAccessKey,
        ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}),
      },
      maxAttempts,
      retryStrategy: createRetryPolicy({ maxAttempts, kind, ...(opts.retryBaseDelayMs !== undefined ? { baseDelayMs: opts.retryBaseDelayMs } : {}) }),
      requestHandler: { connectionTimeout: Math.min(timeoutMs, 5000), requestTimeout: timeoutMs, throwOnRequestTimeout: true },
      disableClockSkewCorrection: true,
      ...(endpoint ? { endpoint } : {}),
    });

  /** Runs one SDK call under the deadline and maps whatever it throws. */
  async function run<T>(
    operation: StsOperation,
    creds: AwsCredentials,
    mfa: MfaInput,
    send: (client: STSClient, abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (endpointProblem) throw endpointProblem;
    check.checkCredentials(creds);
    check.checkMfa(mfa.serialNumber, mfa.tokenCode);
    const withCode = mfa.serialNumber !== undefined && mfa.tokenCode !== undefined;
    if (withCode && opts.mfaCodeGuard) opts.mfaCodeGuard.assertUsable(mfa.serialNumber as string, mfa.tokenCode as string);
    const entry = acquire(creds, withCode ? 'mfa' : 'standard');
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = Object.assign(new Error(`STS call exceeded ${timeoutMs} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' });
        controller.abort(err);
        reject(err);
      }, timeoutMs);
    });
    if (withCode) opts.mfaCodeGuard?.markUsed(mfa.serialNumber as string, mfa.tokenCode as string);
    try {
      return await Promise.race([send(entry.client, controller.signal), deadline]);
    } catch (e) {
      const ctx: StsErrorContext = {
        operation,
        temporaryCredentials: Boolean(creds.sessionToken),
        // Only long-term keys without a code are known to lack MFA; temporary credentials may
        // carry it from an MFA session, so AccessDenied then does not blame the MFA condition.
        mfaPresent: withCode || Boolean(creds.sessionToken),
        timeoutMs,
        now: now(),
        ...(mfa.serialNumber !== undefined ? { mfaSerial: mfa.serialNumber } : {}),
        ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
        ...(entry.host.value !== undefined ? { endpointHost: entry.host.value } : {}),
      };
      const mapped = mapStsError(e, ctx);
      if (withCode && codeNeverEvaluated(mapped)) opts.mfaCodeGuard?.release(mfa.serialNumber as string, mfa.tokenCode as string);
      throw mapped;
    } finally {
      clearTimeout(timer);
      releaseClient(entry);
    }
  }

  return {
    region,
    timeoutMs,
    maxAttempts,

    async getSessionToken(creds, input = {}) {
      check.checkDuration('GetSessionToken', input.durationSeconds);
      const out = await run('GetSessionToken', creds, input, (c, abortSignal) =>
        c.send(
          new GetSessionTokenCommand({
            DurationSeconds: input.durationSeconds,
            SerialNumber: input.serialNumber,
            TokenCode: input.tokenCode,
          }),
          { abortSignal },
        ),
      );
      return temporary('GetSessionToken', out.Credentials);
    },

    async assumeRole(creds, input) {
      check.checkRoleArn(input.roleArn);
      check.checkRoleSessionName(input.roleSessionName);
      check.checkExternalId(input.externalId);
      check.checkDuration('AssumeRole', input.durationSeconds);
      const out = await run('AssumeRole', creds, input, (c, abortSignal) =>
        c.send(
          new AssumeRoleCommand({
            RoleArn: input.roleArn,
            RoleSessionName: input.roleSessionName,
            ExternalId: input.externalId,
            DurationSeconds: input.durationSeconds,
            SerialNumber: input.serialNumber,
            TokenCode: input.tokenCode,
          }),
          { abortSignal },
        ),
      );
      const assumedRoleArn = out.AssumedRoleUser?.Arn;
      if (!assumedRoleArn) throw incomplete('AssumeRole');
      return { ...temporary('AssumeRole', out.Credentials), assumedRoleArn };
    },

    async getCallerIdentity(creds) {
      const out = await run('GetCallerIdentity', creds, {}, (c, abortSignal) => c.send(new GetCallerIdentityCommand({}), { abortSignal }));
      if (!out.Arn || !out.Account || !out.UserId) throw incomplete('GetCallerIdentity');
      return { arn: out.Arn, account: out.Account, userId: out.UserId };
    },

    async getFederationToken(creds, input) {
      check.checkFederationName(input.name);
      check.checkDuration('GetFederationToken', input.durationSeconds);
      if (!input.policy) {
        throw new RolecallError('InvalidInput', 'GetFederationToken needs a session policy, or the federated user can do nothing.', {
          action: 'Pass a policy document.',
        });
      }
      const out = await run('GetFederationToken', creds, {}, (c, abortSignal) =>
        c.send(new GetFederationTokenCommand({ Name: input.name, Policy: input.policy, DurationSeconds: input.durationSeconds }), { abortSignal }),
      );
      const federatedUserArn = out.FederatedUser?.Arn;
      if (!federatedUserArn) throw incomplete('GetFederationToken');
      return { ...temporary('GetFederationToken', out.Credentials), federatedUserArn };
    },

    destroy() {
      for (const entry of pool.values()) {
        entry.evicted = true;
        if (entry.busy === 0) entry.client.destroy();
      }
      pool.clear();
    },
  };
}

/** Codes STS provably never looked at may be sent again while still current. */
function codeNeverEvaluated(e: RolecallError): boolean {
  if (e.code === 'NetworkError') return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(String(e.details.reason));
  return errorTraits(e.code).codeUnspent;
}

function incomplete(op: StsOperation): RolecallError {
  return new RolecallError('StsError', `STS answered ${op} without the expected credentials or identity.`, {
    action: 'Try again; if it keeps happening, check any proxy or AWS_ENDPOINT_URL setting in between.',
  });
}

function temporary(
  op: StsOperation,
  c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined,
): TemporaryCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !(c.Expiration instanceof Date) || Number.isNaN(c.Expiration.getTime())) {
    throw incomplete(op);
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

/** The first STS endpoint override (in the SDK's order) that endpoint-policy.ts refuses. */
function overrideProblem(env: Readonly<Record<string, string | undefined>>): RolecallError | undefined {
  const variable = env.AWS_ENDPOINT_URL_STS ? 'AWS_ENDPOINT_URL_STS' : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : undefined;
  return variable === undefined ? undefined : endpointOverrideProblem(env[variable]!, variable);
}
