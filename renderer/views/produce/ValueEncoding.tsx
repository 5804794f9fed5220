// How a produced value is encoded, for every produce form (one record, generated, transactional): a schema of
// the registry (SchemaPicker, shown when the connection has one), or else the value as JSON or as text.

import { useId } from 'react';
import type { SchemaRef, ValueFormat } from '../../../app/contract.ts';
import { SchemaPicker } from './SchemaPicker.tsx';

export function ValueEncoding({ schema, onSchema, format, onFormat, jsonLabel = 'JSON' }: {
  schema: SchemaRef | null;
  onSchema: (v: SchemaRef | null) => void;
  format: ValueFormat;
  onFormat: (f: ValueFormat) => void;
  /** The JSON choice's words (the generator checks each rendered value before sending). */
  jsonLabel?: string;
}) {
  // One radio group per form, so two forms on a page never share a group.
  const group = useId();
  return (
    <>
      <SchemaPicker value={schema} onChange={onSchema} />
      {!schema && (
        <fieldset className="radio-row">
          <legend>Value format</legend>
          <label className="inline"><input type="radio" name={group} checked={format === 'json'} onChange={() => onFormat('json')} /> {jsonLabel}</label>
          <label className="inline"><input type="radio" name={group} checked={format === 'text'} onChange={() => onFormat('text')} /> Text</label>
        </fieldset>
      )}
    </>
  );
}
