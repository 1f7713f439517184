import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromInstanceMetadata } from '@aws-sdk/credential-providers';
import { startLoopbackImds, startLoopbackSts, type LoopbackImds, type LoopbackSts } from '../../fixtures/loopback-sts';
import { isolateAwsEnvironment, stsClientFor, stsFailure } from '../../fixtures/loopback-sts/sdk';

isolateAwsEnvironment();

const ACCOUNT = '666666666666';
const INSTANCE_ROLE = `arn:aws:iam::${ACCOUNT}:role/Ec2Instance`;
const TARGET = `arn:aws:iam::${ACCOUNT}:role/Deploy`;

let sts: LoopbackSts;
let imds: LoopbackImds;

beforeAll(async () => {
  sts = await startLoopbackSts();
  sts.addRole({ roleArn: INSTANCE_ROLE, trust: [] });
  sts.addRole({ roleArn: TARGET, trust: [INSTANCE_ROLE], maxSessionDuration: 43_200 });
  imds = await startLoopbackImds({ roleName: 'Ec2Instance', credentials: sts.issueRoleCredentials({ roleArn: INSTANCE_ROLE }) });
});
afterAll(async () => {
  await imds.close();
  await sts.close();
});

describe('loopback IMDS', () => {
  it('serves IMDSv2 credentials to the SDK that STS accepts, chained and capped at 1 h', async () => {
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.url;
    let creds;
    try {
      creds = await fromInstanceMetadata({ maxRetries: 0, timeout: 2000 })();
    } finally {
      delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
    }
    expect(imds.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'PUT /latest/api/token 200',
      'GET /latest/meta-data/iam/security-credentials/ 200',
      'GET /latest/meta-data/iam/security-credentials/Ec2Instance 200',
    ]);
    const id = await stsClientFor(sts, creds).send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Ec2Instance/i-0123456789abcdef0`);

    const capped = await stsFailure(stsClientFor(sts, creds).send(new AssumeRoleCommand({ RoleArn: TARGET, RoleSessionName: 'deploy', DurationSeconds: 7200 })));
    expect(capped.message).toContain('1 hour session limit');
    const role = await stsClientFor(sts, creds).send(new AssumeRoleCommand({ RoleArn: TARGET, RoleSessionName: 'deploy' }));
    expect(role.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Deploy/deploy`);
  });

  it('requires a session token (no IMDSv1) and a valid TTL', async () => {
    const noToken = await fetch(`${imds.url}/latest/meta-data/iam/security-credentials/`);
    expect(noToken.status).toBe(401);
    const badTtl = await fetch(`${imds.url}/latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '0' } });
    expect(badTtl.status).toBe(400);
    const token = await (await fetch(`${imds.url}/latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } })).text();
    const body = await fetch(`${imds.url}/latest/meta-data/iam/security-credentials/Ec2Instance`, { headers: { 'x-aws-ec2-metadata-token': token } });
    expect(await body.json()).toMatchObject({ Code: 'Success', Type: 'AWS-HMAC', AccessKeyId: expect.stringMatching(/^ASIA/) });
  });
});
