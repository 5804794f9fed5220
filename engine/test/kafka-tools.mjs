#!/usr/bin/env node
// The two Kafka command-line tools librdkafka's regression suite shells out to (through $KAFKA_PATH/bin), for
// the arguments it passes them, over the protocol with kafkajs:
//
//   kafka-topics.sh --bootstrap-server B --create --topic T [--partitions N] [--replication-factor R] [--config k=v]...
//   kafka-acls.sh   --bootstrap-server B (--add | --remove [--force]) (--allow-principal P | --deny-principal P)
//                   --operation Op [--allow-host H | --deny-host H] --topic T
//
// librdkafka-suite-runner.ts writes the bin/ wrappers that call this file. Anything else is refused with exit 2,
// so a test that needs more of the tools fails saying so rather than passing by accident.

import kafkajs from 'kafkajs';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } = kafkajs;

function fail(msg) {
  console.error(`kafka-tools: ${msg}`);
  process.exit(2);
}

function parse(argv) {
  const flags = new Set();
  const values = new Map();
  const configs = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) fail(`unexpected argument ${a}`);
    if (['--create', '--add', '--remove', '--force'].includes(a)) {
      flags.add(a);
      continue;
    }
    const v = argv[++i];
    if (v === undefined) fail(`${a} needs a value`);
    if (a === '--config') configs.push(v);
    else values.set(a, v);
  }
  return { flags, values, configs };
}

const OPERATIONS = { all: 'ALL', read: 'READ', write: 'WRITE', create: 'CREATE', delete: 'DELETE', alter: 'ALTER', describe: 'DESCRIBE', describeconfigs: 'DESCRIBE_CONFIGS', alterconfigs: 'ALTER_CONFIGS', idempotentwrite: 'IDEMPOTENT_WRITE' };

async function main() {
  const [tool, ...rest] = process.argv.slice(2);
  const { flags, values, configs } = parse(rest);
  const bootstrap = values.get('--bootstrap-server') ?? fail('--bootstrap-server is required');
  const topic = values.get('--topic') ?? fail('--topic is required');
  const admin = new Kafka({ clientId: 'kafka-tools', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    if (tool === 'topics') {
      if (!flags.has('--create')) fail('kafka-topics.sh: only --create is provided');
      const configEntries = configs.map((c) => {
        const at = c.indexOf('=');
        if (at <= 0) fail(`--config ${c}: expected name=value`);
        return { name: c.slice(0, at), value: c.slice(at + 1) };
      });
      const ok = await admin.createTopics({
        topics: [{ topic, numPartitions: Number(values.get('--partitions') ?? -1), replicationFactor: Number(values.get('--replication-factor') ?? -1), configEntries }],
        waitForLeaders: true,
      });
      if (!ok) fail(`topic ${topic} already exists`);
      console.log(`Created topic ${topic}.`);
    } else if (tool === 'acls') {
      const deny = values.has('--deny-principal');
      const principal = values.get(deny ? '--deny-principal' : '--allow-principal') ?? fail('--allow-principal or --deny-principal is required');
      const opName = OPERATIONS[(values.get('--operation') ?? '').toLowerCase()] ?? fail(`unknown --operation ${values.get('--operation')}`);
      const acl = {
        resourceType: AclResourceTypes.TOPIC,
        resourceName: topic,
        resourcePatternType: ResourcePatternTypes.LITERAL,
        principal,
        host: values.get(deny ? '--deny-host' : '--allow-host') ?? '*',
        operation: AclOperationTypes[opName],
        permissionType: deny ? AclPermissionTypes.DENY : AclPermissionTypes.ALLOW,
      };
      if (flags.has('--add')) await admin.createAcls({ acl: [acl] });
      else if (flags.has('--remove')) await admin.deleteAcls({ filters: [acl] });
      else fail('kafka-acls.sh: --add or --remove is required');
    } else {
      fail(`unknown tool ${tool}`);
    }
  } finally {
    await admin.disconnect();
  }
}

main().catch((e) => fail(e.message));
