// Client-side checks of the create-topic form, mirroring Kafka's rules so most mistakes are caught before
// the request; whatever passes here, the broker still validates and its error is shown as it is.

export interface TopicForm {
  name: string;
  partitions: string;
  replicationFactor: string;
  /** One `name=value` per line. */
  configs: string;
}

export type TopicFormErrors = Partial<Record<keyof TopicForm, string>>;

const LEGAL = /^[a-zA-Z0-9._-]+$/;

export function validateTopicForm(f: TopicForm, brokers: number): { errors: TopicFormErrors; configs: Record<string, string> } {
  const errors: TopicFormErrors = {};
  const name = f.name.trim();
  if (name === '') errors.name = 'Enter a name.';
  else if (name === '.' || name === '..') errors.name = `'${name}' is not allowed as a topic name.`;
  else if (name.length > 249) errors.name = 'At most 249 characters.';
  else if (!LEGAL.test(name)) errors.name = "Use only letters, digits, '.', '_' and '-'.";
  const partitions = Number(f.partitions);
  if (!Number.isInteger(partitions) || partitions < 1) errors.partitions = 'A whole number, at least 1.';
  const rf = Number(f.replicationFactor);
  if (!Number.isInteger(rf) || rf < 1) errors.replicationFactor = 'A whole number, at least 1.';
  else if (brokers > 0 && rf > brokers) errors.replicationFactor = `At most ${brokers}: the cluster has ${brokers} broker${brokers === 1 ? '' : 's'}.`;
  const configs: Record<string, string> = {};
  for (const [i, raw] of f.configs.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      errors.configs = `Line ${i + 1}: write name=value, e.g. retention.ms=3600000.`;
      break;
    }
    configs[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { errors, configs };
}
