// The produce forms' one value-encoding choice, rendered to static markup: JSON or text in a radio group of
// its own per form, and no format choice once a schema encodes the value.

import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { SchemaRef, ValueFormat } from '../../../app/contract.ts';
import { AppContext } from '../../store/context.ts';
import { fakeBridge } from '../../store/fake-bridge.ts';
import { createAppStore } from '../../store/store.ts';
import { ValueEncoding } from './ValueEncoding.tsx';

function render(forms: { schema: SchemaRef | null; format: ValueFormat; jsonLabel?: string }[]) {
  const { bridge } = fakeBridge({});
  return renderToStaticMarkup(
    <AppContext.Provider value={{ store: createAppStore(), bridge }}>
      {forms.map((f, i) => <ValueEncoding key={i} schema={f.schema} onSchema={() => {}} format={f.format} onFormat={() => {}} jsonLabel={f.jsonLabel} />)}
    </AppContext.Provider>,
  );
}

const radios = (html: string) => [...html.matchAll(/<input type="radio" name="([^"]+)"( checked="")?/g)].map((m) => ({ group: m[1], checked: m[2] !== undefined }));

describe('ValueEncoding', () => {
  it('offers JSON or text, the chosen one checked, each form in a group of its own', () => {
    const html = render([{ schema: null, format: 'text' }, { schema: null, format: 'json', jsonLabel: 'JSON (checked before sending)' }]);
    const r = radios(html);
    expect(r.map((x) => x.checked)).toEqual([false, true, true, false]);
    expect(r[0].group).toBe(r[1].group);
    expect(r[2].group).toBe(r[3].group);
    expect(r[0].group).not.toBe(r[2].group);
    expect(html).toContain('JSON (checked before sending)');
    expect(html).toContain('<legend>Value format</legend>');
  });

  it('has no format choice while a schema encodes the value', () => {
    const html = render([{ schema: { subject: 'orders-value', version: null }, format: 'json' }]);
    expect(radios(html)).toEqual([]);
    expect(html).not.toContain('Value format');
  });
});
