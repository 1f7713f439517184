// The JS SDK v3 under `rolecall exec --server`: one STSClient on the default provider chain, never
// rebuilt, calls STS until it has outlived two sessions it was handed (a later call succeeded,
// with unexpired credentials, after their expiration by the SDK's clock). Exits non-zero on any
// failed call or on being handed a session already expired. argv: STS endpoint URL.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

const url = process.argv[2];
const client = new STSClient({ endpoint: url, maxAttempts: 1 });
const seen = new Map();
const outlived = new Set();
let calls = 0;
let arn;
for (let i = 0; i < 600 && outlived.size < 2; i++) {
  const who = await client.send(new GetCallerIdentityCommand({}));
  calls++;
  arn = who.Arn;
  const creds = await client.config.credentials();
  const now = Date.now();
  if (creds.expiration.getTime() <= now) throw new Error('the SDK was handed an expired session');
  if (!seen.has(creds.accessKeyId)) seen.set(creds.accessKeyId, creds.expiration.getTime());
  for (const [key, expiry] of seen) if (key !== creds.accessKeyId && expiry <= now) outlived.add(key);
  if (outlived.size < 2) await new Promise((r) => setTimeout(r, 500));
}
console.log(JSON.stringify({ sdk: 'js', calls, sessions: seen.size, outlived: outlived.size, arn }));
