// Listener configs Kafka lets AlterConfigs change per broker (its DynamicListenerConfig) that a Streamlab
// broker has nothing to apply to: the Kerberos login settings, as there is no GSSAPI here. They are checked
// by type, stored and described like any dynamic broker config, so an admin tool that sets one (librdkafka's
// admin test sets sasl.kerberos.min.time.before.relogin) gets Kafka's answer instead of "unknown config".

import { KafkaError } from '../protocol/error-codes.ts';

interface ListenerConfig {
  type: 'string' | 'long' | 'double' | 'list';
  /** Kafka's default. */
  default: string;
  doc: string;
}

export const LISTENER_CONFIGS: ReadonlyMap<string, ListenerConfig> = new Map<string, ListenerConfig>([
  ['sasl.kerberos.kinit.cmd', { type: 'string', default: '/usr/bin/kinit', doc: 'Kerberos kinit command path.' }],
  ['sasl.kerberos.min.time.before.relogin', { type: 'long', default: '60000', doc: "Login thread sleep time between refresh attempts." }],
  ['sasl.kerberos.ticket.renew.jitter', { type: 'double', default: '0.05', doc: 'Percentage of random jitter added to the renewal time.' }],
  ['sasl.kerberos.ticket.renew.window.factor', { type: 'double', default: '0.8', doc: "Fraction of the ticket's lifetime after which the login thread renews it." }],
  ['sasl.kerberos.principal.to.local.rules', { type: 'list', default: 'DEFAULT', doc: 'Rules for mapping principal names to short names.' }],
]);

/** Throws INVALID_CONFIG when `value` is not of the config's type. */
export function validateListenerConfig(name: string, value: string): void {
  const c = LISTENER_CONFIGS.get(name);
  if (!c) throw new KafkaError('INVALID_CONFIG', `Unknown broker config name: ${name}`);
  const v = value.trim();
  const ok = c.type === 'long' ? /^-?\d+$/.test(v) : c.type === 'double' ? v !== '' && Number.isFinite(Number(v)) : true;
  if (!ok) throw new KafkaError('INVALID_CONFIG', `Invalid value ${value} for configuration ${name}: Not a number of type ${c.type.toUpperCase()}`);
}

/** `configs` without the listener configs, and those separately. */
export function splitListenerConfigs(configs: Readonly<Record<string, string>>): { rest: Record<string, string>; listener: Record<string, string> } {
  const rest: Record<string, string> = {};
  const listener: Record<string, string> = {};
  for (const [k, v] of Object.entries(configs)) (LISTENER_CONFIGS.has(k) ? listener : rest)[k] = v;
  return { rest, listener };
}
