// Where a record goes: the topic, and a partition or the producer's partitioner. Shared by both producer forms.

import { Field } from '../../components/Field.tsx';

export function TargetFields(props: {
  topics: readonly { name: string; partitions: number }[];
  topic: string;
  partition: string;
  onTopic: (name: string) => void;
  onPartition: (partition: string) => void;
}) {
  const partitions = props.topics.find((t) => t.name === props.topic)?.partitions ?? 0;
  return (
    <div className="form-row">
      <Field label="Topic">
        <select value={props.topic} onChange={(e) => { props.onTopic(e.target.value); props.onPartition(''); }}>
          {props.topics.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
        </select>
      </Field>
      <Field label="Partition">
        <select value={props.partition} onChange={(e) => props.onPartition(e.target.value)}>
          <option value="">Any (partitioner)</option>
          {Array.from({ length: partitions }, (_, i) => <option key={i} value={String(i)}>{i}</option>)}
        </select>
      </Field>
    </div>
  );
}
