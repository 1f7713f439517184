"""boto3 under `rolecall exec --server`: one default-chain client, never rebuilt, calls STS until it
has outlived two sessions it was handed: a later call succeeded after their Expiration by
botocore's own clock (botocore refuses to sign with a session it judges expired, so each such
call ran on a fresh one). Exits non-zero on any failed call. argv: STS endpoint URL."""
import datetime, json, sys, time
import boto3

url = sys.argv[1]
session = boto3.Session()
client = session.client('sts', endpoint_url=url)
seen = {}  # access key id -> expiry botocore holds for it
outlived = set()
calls = 0
arn = None
for _ in range(600):
    who = client.get_caller_identity()
    calls += 1
    arn = who['Arn']
    creds = session.get_credentials()
    key = creds.get_frozen_credentials().access_key
    seen.setdefault(key, creds._expiry_time)
    now = datetime.datetime.now(datetime.timezone.utc)
    outlived.update(k for k, expiry in seen.items() if k != key and expiry <= now)
    if len(outlived) >= 2:
        break
    time.sleep(0.5)
print(json.dumps({'sdk': 'boto3', 'calls': calls, 'sessions': len(seen), 'outlived': len(outlived), 'arn': arn}))
