import { describe, expect, it } from 'vitest';
import { compileRecordTemplate, compileTemplate, previewTemplate, seededRandom } from './record-template.ts';

const ctx = (index: number, seed = 7) => ({ index, random: seededRandom(seed), now: () => 1_700_000_000_000 });

describe('template engine', () => {
  it('renders literal text unchanged', () => {
    expect(compileTemplate('{"a": 1}')(ctx(0))).toBe('{"a": 1}');
  });

  it('numbers records with seq, from 1 or a given start', () => {
    const t = compileTemplate('n={{seq}} m={{seq 1000}}');
    expect([0, 1, 2].map((i) => t(ctx(i)))).toEqual(['n=1 m=1000', 'n=2 m=1001', 'n=3 m=1002']);
  });

  it('draws ints and floats within bounds, strings of the length asked', () => {
    const t = compileTemplate('{{int 3 5}}|{{float 1 2 3}}|{{str 12}}|{{bool}}');
    const random = seededRandom(42);
    for (let i = 0; i < 500; i++) {
      const [n, f, s, b] = t({ index: i, random, now: Date.now }).split('|');
      expect(Number(n)).toBeGreaterThanOrEqual(3);
      expect(Number(n)).toBeLessThanOrEqual(5);
      expect(Number(f)).toBeGreaterThanOrEqual(1);
      expect(Number(f)).toBeLessThan(2);
      expect(f).toMatch(/^\d\.\d{3}$/);
      expect(s).toMatch(/^[A-Za-z0-9]{12}$/);
      expect(['true', 'false']).toContain(b);
    }
  });

  it('picks from a list (quoted words keep their spaces), and covers every choice', () => {
    const t = compileTemplate('{{pick red "dark blue" green}}');
    const random = seededRandom(1);
    const seen = new Set(Array.from({ length: 200 }, (_, i) => t({ index: i, random, now: Date.now })));
    expect([...seen].sort()).toEqual(['dark blue', 'green', 'red']);
  });

  it('makes v4 UUIDs and timestamps', () => {
    const t = compileTemplate('{{uuid}} {{now}} {{iso}}');
    const [u, now, iso] = t(ctx(0)).split(' ');
    expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(now).toBe('1700000000000');
    expect(iso).toBe('2023-11-14T22:13:20.000Z');
    const real = compileTemplate('{{uuid}}');
    expect(real({ index: 0, random: Math.random, now: Date.now })).not.toBe(real({ index: 0, random: Math.random, now: Date.now }));
  });

  it('is reproducible with a seed', () => {
    const t = compileTemplate('{{int 1 1000000}}-{{str 5}}');
    expect(t(ctx(0, 9))).toBe(t(ctx(0, 9)));
  });

  it('nests in JSON and the result parses', () => {
    const c = compileRecordTemplate({ name: 'x', key: 'user-{{int 1 9}}', value: '{"id":"{{uuid}}","n":{{seq}},"user":{"tags":["{{pick a b}}"],"age":{{int 18 90}}}}', headers: [{ key: 'src', value: '{{pick web app}}' }, { key: '', value: 'skipped' }], format: 'json' });
    const r = c.render(ctx(4));
    expect(JSON.parse(r.value)).toMatchObject({ n: 5, user: { tags: [expect.stringMatching(/^[ab]$/)] } });
    expect(r.key).toMatch(/^user-\d$/);
    expect(r.headers).toEqual([{ key: 'src', value: expect.stringMatching(/^(web|app)$/) }]);
  });

  it('refuses bad templates with a position and a reason', () => {
    expect(() => compileTemplate('ok {{nope}}', 'value')).toThrow("value, line 1 column 4: unknown generator 'nope'");
    expect(() => compileTemplate('a\n  {{int 1}}')).toThrow('line 2 column 3: {{int}} takes 2 arguments, got 1');
    expect(() => compileTemplate('{{int 5 1}}')).toThrow('below the minimum');
    expect(() => compileTemplate('{{int a 1}}')).toThrow("the minimum must be a number, got 'a'");
    expect(() => compileTemplate('{{seq')).toThrow("'{{' is never closed");
    expect(() => compileTemplate('{{ }}')).toThrow('empty');
    expect(() => compileTemplate('{{pick}}')).toThrow('at least one word');
    expect(() => compileRecordTemplate({ name: 'x', key: null, value: '{"a": {{str 2}}}', headers: [], format: 'json' })).toThrow(/not valid JSON/);
    try {
      compileTemplate('{{x}}');
    } catch (e) {
      expect((e as { errorName: string }).errorName).toBe('INVALID_TEMPLATE');
    }
  });

  it('previews up to 20 records', () => {
    const p = previewTemplate({ name: 'x', key: null, value: '{{seq}}', headers: [], format: 'text' }, 50);
    expect(p).toHaveLength(20);
    expect(p[19]).toMatchObject({ key: null, value: Buffer.from('20').toString('base64'), headers: [] });
  });
});
