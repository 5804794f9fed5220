import { describe, expect, it } from 'vitest';
import { openConsoleDb } from './db.ts';
import { TemplateStore } from './templates.ts';

describe('template store', () => {
  it('saves, lists and deletes by name, refusing bad templates', () => {
    const s = new TemplateStore(undefined);
    s.save({ name: ' b ', key: null, value: '{{seq}}', headers: [], format: 'text' });
    s.save({ name: 'a', key: 'k', value: '{}', headers: [], format: 'json' });
    expect(s.list().map((t) => t.name)).toEqual(['a', 'b']);
    expect(() => s.save({ name: 'c', key: null, value: '{{bad}}', headers: [], format: 'text' })).toThrow();
    expect(() => s.save({ name: '', key: null, value: 'x', headers: [], format: 'text' })).toThrow('name');
    expect(s.delete('a').map((t) => t.name)).toEqual(['b']);
  });
});

describe('template store in console.db', () => {
  it('keeps templates in the templates table (migration 003)', () => {
    const db = openConsoleDb(':memory:');
    const s = new TemplateStore(db.sqlite);
    s.save({ name: 'orders', key: 'k-{{seq}}', value: '{"n": {{seq}}}', headers: [{ key: 'h', value: '{{uuid}}' }], format: 'json' });
    expect(new TemplateStore(db.sqlite).list()).toEqual([{ name: 'orders', key: 'k-{{seq}}', value: '{"n": {{seq}}}', headers: [{ key: 'h', value: '{{uuid}}' }], format: 'json' }]);
    db.close();
  });
});
