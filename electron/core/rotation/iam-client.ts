/**
 * The IAM calls of key rotation and key age over `@aws-sdk/client-iam`, built like the STS caller
 * (sts/client.ts): credentials always passed in (never the SDK's provider chain), the SDK's own
 * endpoint resolution, `AWS_ENDPOINT_URL_IAM` / `AWS_ENDPOINT_URL` passed explicitly when an env is
 * injected and checked by the one endpoint-override rule (sts/endpoint-policy.ts), a hard deadline
 * per call, and errors mapped to words (iam-errors.ts).
 */
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { endpointOverrideProblem } from '../sts/endpoint-policy';
import type { AwsCredentials } from '../sts/types';
import { mapIamError, type IamErrorContext, type IamOperation } from './iam-errors';

/** One access key of a user as IAM lists it. */
export interface AccessKeyInfo {
  accessKeyId: string;
  status: string;
  createDate: Date;
}

export interface NewAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  createDate: Date;
}

export interface KeyLastUse {
  lastUsedDate?: Date;
  serviceName?: string;
}

/** Who the calls are about, for error messages; `withMfa` says what signs them. */
export type IamCallContext = Omit<IamErrorContext, 'operation'>;

export interface IamCaller {
  createAccessKey(creds: AwsCredentials, ctx: IamCallContext): Promise<NewAccessKey>;
  deleteAccessKey(creds: AwsCredentials, accessKeyId: string, ctx: IamCallContext): Promise<void>;
  listAccessKeys(creds: AwsCredentials, ctx: IamCallContext): Promise<AccessKeyInfo[]>;
  getAccessKeyLastUsed(creds: AwsCredentials, accessKeyId: string, ctx: IamCallContext): Promise<KeyLastUse>;
}

export interface IamCallerOptions {
  /** Where `AWS_ENDPOINT_URL_IAM` / `AWS_ENDPOINT_URL` come from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Deadline for one call, SDK retries included. Default 10 s. */
  timeoutMs?: number;
}

export function createIamCaller(opts: IamCallerOptions = {}): IamCaller {
  const env = opts.env ?? process.env;
  const variable = env.AWS_ENDPOINT_URL_IAM ? 'AWS_ENDPOINT_URL_IAM' : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : undefined;
  const endpointProblem = variable === undefined ? undefined : endpointOverrideProblem(env[variable]!, variable);
  const endpoint = opts.env && variable ? env[variable] : undefined;
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function run<T>(operation: IamOperation, creds: AwsCredentials, ctx: IamCallContext, send: (c: IAMClient, abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    if (endpointProblem) throw endpointProblem;
    // IAM is a global service: the SDK resolves its endpoint (and signing region) per partition
    const client = new IAMClient({
      region: 'us-east-1',
      credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}) },
      maxAttempts: 3,
      requestHandler: { connectionTimeout: Math.min(timeoutMs, 5000), requestTimeout: timeoutMs, throwOnRequestTimeout: true },
      ...(endpoint ? { endpoint } : {}),
    });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(Object.assign(new Error(`IAM call exceeded ${timeoutMs} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' })), timeoutMs);
    try {
      return await send(client, controller.signal);
    } catch (e) {
      throw mapIamError(e, { ...ctx, operation });
    } finally {
      clearTimeout(timer);
      client.destroy();
    }
  }

  return {
    async createAccessKey(creds, ctx) {
      const out = await run('CreateAccessKey', creds, ctx, (c, abortSignal) => c.send(new CreateAccessKeyCommand({}), { abortSignal }));
      const k = out.AccessKey;
      if (!k?.AccessKeyId || !k.SecretAccessKey) throw mapIamError(new Error('IAM answered CreateAccessKey without a key'), { ...ctx, operation: 'CreateAccessKey' });
      return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey, createDate: k.CreateDate ?? new Date() };
    },
    async deleteAccessKey(creds, accessKeyId, ctx) {
      await run('DeleteAccessKey', creds, ctx, (c, abortSignal) => c.send(new DeleteAccessKeyCommand({ AccessKeyId: accessKeyId }), { abortSignal }));
    },
    async listAccessKeys(creds, ctx) {
      const out = await run('ListAccessKeys', creds, ctx, (c, abortSignal) => c.send(new ListAccessKeysCommand({}), { abortSignal }));
      return (out.AccessKeyMetadata ?? [])
        .filter((k) => k.AccessKeyId && k.CreateDate)
        .map((k) => ({ accessKeyId: k.AccessKeyId!, status: k.Status ?? 'Active', createDate: k.CreateDate! }));
    },
    async getAccessKeyLastUsed(creds, accessKeyId, ctx) {
      const out = await run('GetAccessKeyLastUsed', creds, ctx, (c, abortSignal) => c.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }), { abortSignal }));
      const used = out.AccessKeyLastUsed;
      return { ...(used?.LastUsedDate ? { lastUsedDate: used.LastUsedDate } : {}), ...(used?.ServiceName && used.ServiceName !== 'N/A' ? { serviceName: used.ServiceName } : {}) };
    },
  };
}
