import { FakeProcBuilder, type FakeProcTree } from '@servicemap/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcfsReader } from '../collectors/procfs/procfs-reader.js';
import { buildPools } from '../pools/process-pools.js';
import { isSecretName, redactArgv, REDACTED } from './command-line-redaction.js';
import { processInventoryOf } from './process-inventory.js';

const KEY = 'k3y-Of-The-Workspace-0123456789';
const trees: FakeProcTree[] = [];
afterEach(() => {
  for (const tree of trees.splice(0)) tree.remove();
});

describe('redactArgv', () => {
  it.each([
    [['servicemap', 'agent', 'run', '--key', 's3cret', '--state-dir', '/var/lib/x'], ['servicemap', 'agent', 'run', '--key', REDACTED, '--state-dir', '/var/lib/x']],
    [['app', '--key=s3cret', '--password', 'hunter2', '-token', 'abc'], ['app', `--key=${REDACTED}`, '--password', REDACTED, '-token', REDACTED]],
    [['env', 'PGPASSWORD=pw', 'AWS_SECRET_ACCESS_KEY=ak', 'LANG=C', 'psql'], ['env', `PGPASSWORD=${REDACTED}`, `AWS_SECRET_ACCESS_KEY=${REDACTED}`, 'LANG=C', 'psql']],
    [['tool', 'password=x', 'token=y', 'user=ann'], ['tool', `password=${REDACTED}`, `token=${REDACTED}`, 'user=ann']],
    [['redis-server', '--requirepass', 'pw', '--port', '6379'], ['redis-server', '--requirepass', REDACTED, '--port', '6379']],
    [['client', 'postgres://ann:pw@db:5432/x'], ['client', `postgres://ann:${REDACTED}@db:5432/x`]],
    [['cli', '--api-key', 'a b c', '--client-secret=z'], ['cli', '--api-key', REDACTED, `--client-secret=${REDACTED}`]],
    [['sh', '-c', 'mysqldump --password hunter2 db'], ['sh', '-c', `mysqldump --password ${REDACTED} db`]],
  ])('%j → %j', (argv, expected) => {
    expect(redactArgv(argv)).toEqual(expected);
  });

  it('leaves switches, key files and ordinary arguments alone', () => {
    const argv = ['srv', '--no-auth', '/data', '--key-file', '/etc/k.pem', '--keyspace', 'ks', '--auth', '--verbose', 'bypass', 'x'];
    expect(redactArgv(argv)).toEqual(['srv', '--no-auth', '/data', '--key-file', '/etc/k.pem', '--keyspace', 'ks', '--auth', '--verbose', 'bypass', 'x']);
    expect(['keyspace', 'key-file', 'bypass', 'monkey', 'tokenizer'].filter(isSecretName)).toEqual([]);
  });

  it('removes a known secret wherever it appears, and does not change its input', () => {
    const argv = ['curl', '-H', `Authorization: Bearer ${KEY}`, `https://x/?k=${KEY}`];
    const copy = [...argv];
    expect(redactArgv(argv, [KEY])).toEqual(['curl', '-H', `Authorization: Bearer ${REDACTED}`, `https://x/?k=${REDACTED}`]);
    expect(argv).toEqual(copy);
  });
});

describe('command lines in process inventory read from a fixture /proc tree', () => {
  it('reports no secret value of the agent, a database client or a retitled server', () => {
    const tree = new FakeProcBuilder()
      .self(100)
      .process({ pid: 100, comm: 'node', exe: '/usr/bin/node', cmdline: ['node', '/opt/servicemap.mjs', 'agent', 'run', '--key', KEY, '--workspace', 'w'] })
      .process({ pid: 200, comm: 'psql', exe: '/usr/bin/psql', cmdline: ['psql', 'postgresql://app:dbpw@db/shop', '--set', 'token=tok'] })
      .process({ pid: 300, comm: 'worker', exe: '/usr/bin/python3', cmdline: [`worker --password hunter2 --feed ${KEY}`] })
      .build();
    trees.push(tree);
    const snapshot = new ProcfsReader({ procRoot: tree.root, helperThread: false }).snapshot(0);
    const { pools } = buildPools(snapshot.processes, 'm-x', () => 'root');
    const names = { user: () => 'root', group: () => 'root' };
    const lines = [...pools.values()].map((pool) => processInventoryOf(pool, [], { lookup: () => undefined }, names, 0, [KEY]).commandLine).sort();
    expect(lines).toEqual([
      `node /opt/servicemap.mjs agent run --key ${REDACTED} --workspace w`,
      `psql postgresql://app:${REDACTED}@db/shop --set token=${REDACTED}`,
      `worker --password ${REDACTED} --feed ${REDACTED}`,
    ]);
    for (const line of lines) expect(line).not.toMatch(/k3y|dbpw|tok\b|hunter2/);
  });
});
