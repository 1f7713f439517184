/**
 * IAM is eventually consistent: a key CreateAccessKey just returned can be refused by STS
 * (`InvalidClientTokenId`) for seconds. We retry GetCallerIdentity on a doubling schedule whose
 * delays add up to about 30 s, telling the user each time, and give up only on that one refusal
 * running out — any other error is the answer at once.
 */
import { RolecallError } from '../errors';
import type { AwsCredentials, CallerIdentity } from '../sts/types';

/** Delays (ms) before each retry: 0.5 + 1 + 2 + 4 + 8 + 8 + 8 ≈ 31.5 s in all. */
export const DEFAULT_VERIFY_DELAYS_MS: readonly number[] = [500, 1000, 2000, 4000, 8000, 8000, 8000];

export interface WaitUsableDeps {
  getCallerIdentity(creds: AwsCredentials): Promise<CallerIdentity>;
  sleep(ms: number): Promise<void>;
  progress(message: string): void;
  delaysMs?: readonly number[];
}

/** Resolves with the identity once STS accepts `creds`; throws the last refusal when the schedule runs out. */
export async function waitUntilUsable(creds: AwsCredentials, deps: WaitUsableDeps): Promise<CallerIdentity> {
  const delays = deps.delaysMs ?? DEFAULT_VERIFY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.getCallerIdentity(creds);
    } catch (e) {
      const refused = e instanceof RolecallError && e.code === 'InvalidClientTokenId';
      const delay = delays[attempt];
      if (!refused || delay === undefined) throw e;
      deps.progress(`IAM has not made the new key known everywhere yet; checking again in ${Math.ceil(delay / 1000)} s (attempt ${attempt + 2} of ${delays.length + 1})…`);
      await deps.sleep(delay);
    }
  }
}
