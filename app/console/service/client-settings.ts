// How a client connects to the local cluster, for the window to show and copy: the bootstrap servers, the
// security protocol, the admin's SASL credentials, the CA file (and on an SSL listener that demands
// certificates, a client certificate), as kcat flags, librdkafka properties and a kafkajs configuration.
// The names are librdkafka's (security.protocol, sasl.mechanisms, ssl.ca.location, ...) and kafkajs's.

import type { ClientSettings } from '../../contract.ts';
import type { ClusterSecurityInfo } from '../../../engine/index.ts';
import type { ConnectionOptions } from '../kafka/connection.ts';

export function clientSettings(bootstrapServers: string, security: ClusterSecurityInfo, local: ConnectionOptions): ClientSettings {
  const sasl = local.sasl ? { mechanism: local.sasl.mechanism, username: local.sasl.username, password: local.sasl.password } : null;
  const caFile = security.caFile ?? null;
  const clientCertificate = caFile && !sasl && security.sslClientAuth === 'required' && security.adminCertificate ? { ...security.adminCertificate } : null;
  const props: [string, string][] = [['bootstrap.servers', bootstrapServers], ['security.protocol', security.protocol]];
  if (sasl) props.push(['sasl.mechanisms', sasl.mechanism], ['sasl.username', sasl.username], ['sasl.password', sasl.password]);
  if (caFile) props.push(['ssl.ca.location', caFile]);
  if (clientCertificate) props.push(['ssl.certificate.location', clientCertificate.certFile], ['ssl.key.location', clientCertificate.keyFile]);
  const flags = props.slice(1).map(([k, v]) => `-X ${k}=${shellQuote(v)}`);
  const kcat = ['kcat', '-b', bootstrapServers, ...flags, '-L'].join(' ');
  const librdkafka = props.map(([k, v]) => `${k}=${v}`).join('\n');
  const kafkajsConfig = [
    `  brokers: ${JSON.stringify(bootstrapServers.split(','))},`,
    ...(caFile ? [`  ssl: { ca: [fs.readFileSync(${JSON.stringify(caFile)}, 'utf8')]${clientCertificate ? `, cert: fs.readFileSync(${JSON.stringify(clientCertificate.certFile)}, 'utf8'), key: fs.readFileSync(${JSON.stringify(clientCertificate.keyFile)}, 'utf8')` : ''} },`] : []),
    ...(sasl ? [`  sasl: { mechanism: ${JSON.stringify(sasl.mechanism.toLowerCase())}, username: ${JSON.stringify(sasl.username)}, password: ${JSON.stringify(sasl.password)} },`] : []),
  ];
  const kafkajs = [...(caFile ? ["import fs from 'node:fs';"] : []), "import { Kafka } from 'kafkajs';", '', 'const kafka = new Kafka({', ...kafkajsConfig, '});'].join('\n');
  return { bootstrapServers, protocol: security.protocol, sasl, caFile, clientCertificate, kcat, librdkafka, kafkajs };
}

/** A value as one shell word: plain when safe, else single-quoted. */
function shellQuote(v: string): string {
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
