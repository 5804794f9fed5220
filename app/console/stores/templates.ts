// Saved producer templates, in console.db (migration 003-templates.sql): one row per template name, its
// key/value/headers/format as a JSON body. Saving compiles the template first, so a stored template always
// renders. Without SQLite (a test double of the database) they live in memory.

import type { Template } from '../../contract.ts';
import { compileRecordTemplate } from '../codecs/record-template.ts';
import { ConsoleError } from '../service/errors.ts';

interface SqliteLike {
  prepare(sql: string): { all(...a: unknown[]): unknown[]; run(...a: unknown[]): unknown };
}

export class TemplateStore {
  private readonly memory = new Map<string, Template>();
  constructor(private readonly db: SqliteLike | undefined) {}

  list(): Template[] {
    if (!this.db) return [...this.memory.values()].sort((a, b) => a.name.localeCompare(b.name));
    const rows = this.db.prepare('SELECT name, body FROM templates ORDER BY name').all() as { name: string; body: string }[];
    return rows.map((r) => ({ ...(JSON.parse(r.body) as Omit<Template, 'name'>), name: r.name }));
  }

  save(t: Template): Template[] {
    const name = typeof t?.name === 'string' ? t.name.trim() : '';
    if (!name) throw new ConsoleError('INVALID_REQUEST', 'Give the template a name.');
    compileRecordTemplate(t); // refuse a template that cannot render
    const body: Omit<Template, 'name'> = { key: t.key ?? null, value: t.value, headers: t.headers ?? [], format: t.format === 'json' ? 'json' : 'text' };
    if (!this.db) this.memory.set(name, { name, ...body });
    else this.db.prepare('INSERT INTO templates (name, body, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at')
      .run(name, JSON.stringify(body), Date.now());
    return this.list();
  }

  delete(name: string): Template[] {
    if (!this.db) this.memory.delete(name);
    else this.db.prepare('DELETE FROM templates WHERE name = ?').run(name);
    return this.list();
  }
}
