import { describe, expect, it } from 'vitest';
import { displaySchema, foldUnchanged, lineDiff } from './line-diff.ts';

describe('lineDiff', () => {
  it('keeps common lines and marks the added and removed ones with their line numbers', () => {
    const d = lineDiff('a\nb\nc\nd', 'a\nc\nx\nd');
    expect(d.map((l) => `${l.kind[0]}${l.text}`)).toEqual(['sa', 'rb', 'sc', 'ax', 'sd']);
    expect(d.find((l) => l.text === 'x')).toEqual({ kind: 'added', text: 'x', newNo: 3 });
    expect(d.find((l) => l.text === 'b')).toEqual({ kind: 'removed', text: 'b', oldNo: 2 });
  });

  it('diffs from and to nothing', () => {
    expect(lineDiff('', 'a').map((l) => l.kind)).toEqual(['removed', 'added']);
    expect(lineDiff('a\nb', 'a\nb').every((l) => l.kind === 'same')).toBe(true);
  });

  it('pretty-prints JSON schemas so a new field is one added block, and leaves .proto text alone', () => {
    const v1 = displaySchema('AVRO', '{"type":"record","name":"O","fields":[{"name":"id","type":"long"}]}');
    const v2 = displaySchema('AVRO', '{"type":"record","name":"O","fields":[{"name":"id","type":"long"},{"name":"note","type":"string","default":""}]}');
    const changed = lineDiff(v1, v2).filter((l) => l.kind !== 'same').map((l) => `${l.kind} ${l.text.trim()}`);
    expect(changed).toContain('added "name": "note",');
    expect(changed.filter((l) => l.startsWith('removed'))).toEqual([]);
    expect(displaySchema('PROTOBUF', 'syntax = "proto3";\nmessage A {}\n')).toBe('syntax = "proto3";\nmessage A {}');
  });
});

describe('foldUnchanged', () => {
  it('keeps three lines of context around each change and folds the rest', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const after = before.replace('l10', 'L10');
    const rows = foldUnchanged(lineDiff(before, after));
    expect(rows[0]).toEqual({ kind: 'gap', count: 7, from: 0 });
    expect(rows.slice(1, 4).map((r) => (r.kind === 'gap' ? 'gap' : r.text))).toEqual(['l7', 'l8', 'l9']);
    expect(rows.filter((r) => r.kind !== 'same' && r.kind !== 'gap').map((r) => r.kind)).toEqual(['removed', 'added']);
    expect(rows[rows.length - 1]).toEqual({ kind: 'gap', count: 6, from: 15 });
    // Nothing changed: one fold.
    expect(foldUnchanged(lineDiff('a\nb\nc', 'a\nb\nc'))).toEqual([{ kind: 'gap', count: 3, from: 0 }]);
  });
});
