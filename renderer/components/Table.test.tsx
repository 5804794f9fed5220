// The generic Table, rendered to static markup (no DOM is installed: neither jsdom nor happy-dom), with
// its initial sort and search; plus the create-topic form's checks.

import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { Table, columnsFor } from './Table.tsx';
import { validateTopicForm } from '../views/topics/validate.ts';

interface Row { name: string; partitions: number }
const col = columnsFor<Row>();
const columns = [col.accessor('name', { header: 'Name' }), col.accessor('partitions', { header: 'Partitions', meta: { numeric: true } })];
const data: Row[] = [{ name: 'orders', partitions: 3 }, { name: 'audit', partitions: 12 }, { name: 'payments', partitions: 1 }];

const cells = (html: string) => [...html.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
const names = (html: string) => cells(html).filter((_, i) => i % 2 === 0);

describe('Table', () => {
  it('renders rows in data order with an accessible name and sortable headers', () => {
    const html = renderToStaticMarkup(<Table label="Topics" data={data} columns={columns} getRowId={(r) => r.name} empty="none" />);
    expect(html).toContain('aria-label="Topics"');
    expect(html).toContain('aria-label="Search Topics"');
    expect(names(html)).toEqual(['orders', 'audit', 'payments']);
    expect(html.match(/aria-sort="none"/g)).toHaveLength(2);
    expect(html).toContain('class="num"');
  });

  it('sorts by a column, text or number, both directions', () => {
    const byName = renderToStaticMarkup(<Table label="T" data={data} columns={columns} getRowId={(r) => r.name} empty="none" initialSorting={[{ id: 'name', desc: false }]} />);
    expect(names(byName)).toEqual(['audit', 'orders', 'payments']);
    expect(byName).toContain('aria-sort="ascending"');
    const byPartitions = renderToStaticMarkup(<Table label="T" data={data} columns={columns} getRowId={(r) => r.name} empty="none" initialSorting={[{ id: 'partitions', desc: true }]} />);
    expect(names(byPartitions)).toEqual(['audit', 'orders', 'payments']);
    expect(byPartitions).toContain('aria-sort="descending"');
  });

  it('filters with the search and says when nothing matches', () => {
    const html = renderToStaticMarkup(<Table label="T" data={data} columns={columns} getRowId={(r) => r.name} empty="none" initialSearch="pay" />);
    expect(names(html)).toEqual(['payments']);
    const none = renderToStaticMarkup(<Table label="T" data={data} columns={columns} getRowId={(r) => r.name} empty="none" initialSearch="zzz" />);
    expect(cells(none)).toEqual([]);
    expect(none).toContain('Nothing matches');
  });

  it('shows what to do next when empty', () => {
    const html = renderToStaticMarkup(<Table label="T" data={[]} columns={columns} getRowId={(r) => r.name} empty="No topics yet. Create one." />);
    expect(html).toContain('No topics yet. Create one.');
  });
});

describe('create-topic form checks', () => {
  const ok = { name: 'orders', partitions: '3', replicationFactor: '1', configs: 'retention.ms=1000\n# comment\n\ncleanup.policy = compact' };
  it('accepts a valid form and parses configs', () => {
    expect(validateTopicForm(ok, 3)).toEqual({ errors: {}, configs: { 'retention.ms': '1000', 'cleanup.policy': 'compact' } });
  });
  it('explains each mistake', () => {
    const { errors } = validateTopicForm({ name: 'bad name', partitions: '0', replicationFactor: '4', configs: 'oops' }, 3);
    expect(errors.name).toMatch(/letters, digits/);
    expect(errors.partitions).toMatch(/at least 1/);
    expect(errors.replicationFactor).toMatch(/At most 3/);
    expect(errors.configs).toMatch(/name=value/);
    expect(validateTopicForm({ ...ok, name: '..' }, 3).errors.name).toMatch(/not allowed/);
  });
});
