/**
 * The machine and tool versions printed above every benchmark run: a figure without the hardware
 * and the versions it was measured with cannot be compared with anything.
 */
import { readFile } from 'node:fs/promises';
import { cpus, totalmem, release, platform, arch, loadavg } from 'node:os';
import { runProcess } from './timing';

export const AWS_CLI = '/usr/bin/aws';
export const PYTHON = '/usr/bin/python3';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  loadAverage: string;
  node: string;
  npm?: string;
  awsCli?: string;
  /** The botocore the AWS CLI v2 runs (Debian vendors it inside the awscli package). */
  awsCliBotocore?: string;
  /** The system python3-botocore (what boto3 and bench/parse use). */
  botocore?: string;
  python?: string;
}

const baseEnv = (): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', AWS_EC2_METADATA_DISABLED: 'true' });

/** stdout (trimmed) of a short command, or undefined when it is missing or fails. */
async function probe(cmd: string, args: string[]): Promise<string | undefined> {
  try {
    const r = await runProcess(cmd, args, { env: baseEnv(), timeoutMs: 30_000 });
    return r.code === 0 ? (r.stdout.trim() || r.stderr.trim()).split('\n')[0] : undefined;
  } catch {
    return undefined;
  }
}

async function osName(): Promise<string> {
  const kernel = `${platform()} ${release()} ${arch()}`;
  try {
    const text = await readFile('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1];
    return pretty ? `${pretty} (${kernel})` : kernel;
  } catch {
    return kernel;
  }
}

export async function collectMachineInfo(): Promise<MachineInfo> {
  const cpuList = cpus();
  const [os, npm, awsCli, awsCliBotocore, botocore, python] = await Promise.all([
    osName(),
    probe('npm', ['--version']),
    probe(AWS_CLI, ['--version']),
    // awscli's __init__ puts its vendored botocore first on the path, as /usr/bin/aws does
    probe(PYTHON, ['-c', 'import awscli, botocore; print(botocore.__version__)']),
    probe(PYTHON, ['-c', 'import botocore; print(botocore.__version__)']),
    probe(PYTHON, ['--version']),
  ]);
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os,
    loadAverage: loadavg().map((l) => l.toFixed(2)).join(' '),
    node: process.version,
    ...(npm ? { npm } : {}),
    ...(awsCli ? { awsCli } : {}),
    ...(awsCliBotocore ? { awsCliBotocore } : {}),
    ...(botocore ? { botocore } : {}),
    ...(python ? { python } : {}),
  };
}

/** "label: value" lines, the same in the terminal and in markdown. */
export function machineLines(m: MachineInfo): Array<[string, string]> {
  return [
    ['CPU', `${m.cpuModel} × ${m.cores} cores`],
    ['Memory', `${m.memoryGiB} GiB`],
    ['OS', m.os],
    ['Load average at start', m.loadAverage],
    ['Node', m.node],
    ['npm', m.npm ?? 'n/a'],
    ['AWS CLI', m.awsCli ?? 'n/a'],
    ['botocore (AWS CLI vendored)', m.awsCliBotocore ?? 'n/a'],
    ['botocore (python3-botocore)', m.botocore ?? 'n/a'],
    ['Python', m.python ?? 'n/a'],
  ];
}
