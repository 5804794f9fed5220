// Producer templates: text with {{generators}} rendered once per record (saved by stores/templates.ts).
// The syntax, shown in the Produce screen too:
//
//   {{seq}}            1, 2, 3, … (the record's number in this send; {{seq 1000}} starts at 1000)
//   {{uuid}}           a random UUID v4
//   {{int 1 100}}      a random integer, both ends included
//   {{float 0 1 2}}    a random number with 2 decimals
//   {{str 8}}          a random string of 8 letters and digits
//   {{pick a b "c d"}} one of the words (quote words with spaces)
//   {{bool}}           true or false
//   {{now}}            the time in ms since the epoch; {{iso}} the same as ISO-8601
//
// Anything else is literal text, so a JSON template nests as deep as JSON does:
//   {"id": "{{uuid}}", "n": {{seq}}, "user": {"age": {{int 18 90}}, "tier": "{{pick gold silver}}"}}
// A bad generator is refused when the template is compiled, with its position: nothing is sent.

import { randomUUID } from 'node:crypto';
import type { Header, ImportedRecord, Template, ValueFormat } from '../../contract.ts';
import { ConsoleError } from '../service/errors.ts';

export interface RenderContext {
  /** 0-based number of the record in this send. */
  index: number;
  random: () => number;
  now: () => number;
}

type Part = string | ((ctx: RenderContext) => string);
export type CompiledTemplate = (ctx: RenderContext) => string;

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A small seeded generator (mulberry32), for reproducible previews and tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(random: () => number): string {
  if (random === Math.random) return randomUUID();
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)];
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function tokenize(body: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  return out;
}

export class TemplateError extends ConsoleError {
  constructor(message: string) {
    super('INVALID_TEMPLATE', message);
  }
}

function num(arg: string | undefined, what: string, at: string): number {
  const n = Number(arg);
  if (arg === undefined || arg === '' || !Number.isFinite(n)) throw new TemplateError(`${at}: ${what} must be a number, got ${arg === undefined ? 'nothing' : `'${arg}'`}.`);
  return n;
}

function generator(tokens: string[], at: string): (ctx: RenderContext) => string {
  const [name, ...args] = tokens;
  const arity = (min: number, max: number) => {
    if (args.length < min || args.length > max) {
      throw new TemplateError(`${at}: {{${name}}} takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${args.length}.`);
    }
  };
  switch (name) {
    case 'seq': {
      arity(0, 1);
      const start = args[0] === undefined ? 1 : num(args[0], 'the start', at);
      return (c) => String(start + c.index);
    }
    case 'uuid':
      arity(0, 0);
      return (c) => uuidFrom(c.random);
    case 'int': {
      arity(2, 2);
      const lo = Math.ceil(num(args[0], 'the minimum', at));
      const hi = Math.floor(num(args[1], 'the maximum', at));
      if (hi < lo) throw new TemplateError(`${at}: the maximum ${hi} is below the minimum ${lo}.`);
      return (c) => String(lo + Math.floor(c.random() * (hi - lo + 1)));
    }
    case 'float': {
      arity(2, 3);
      const lo = num(args[0], 'the minimum', at);
      const hi = num(args[1], 'the maximum', at);
      const digits = args[2] === undefined ? 2 : num(args[2], 'the decimals', at);
      if (hi < lo) throw new TemplateError(`${at}: the maximum ${hi} is below the minimum ${lo}.`);
      return (c) => (lo + c.random() * (hi - lo)).toFixed(Math.max(0, Math.min(15, digits)));
    }
    case 'str': {
      arity(0, 1);
      const n = args[0] === undefined ? 8 : num(args[0], 'the length', at);
      if (n < 0 || n > 100_000) throw new TemplateError(`${at}: the length must be 0 to 100000.`);
      return (c) => {
        let s = '';
        for (let i = 0; i < n; i++) s += ALNUM[Math.floor(c.random() * ALNUM.length)];
        return s;
      };
    }
    case 'pick':
      if (args.length === 0) throw new TemplateError(`${at}: {{pick}} needs at least one word to pick from.`);
      return (c) => args[Math.floor(c.random() * args.length)];
    case 'bool':
      arity(0, 0);
      return (c) => (c.random() < 0.5 ? 'true' : 'false');
    case 'now':
      arity(0, 0);
      return (c) => String(c.now());
    case 'iso':
      arity(0, 0);
      return (c) => new Date(c.now()).toISOString();
    default:
      throw new TemplateError(`${at}: unknown generator '${name ?? ''}'. Use seq, uuid, int, float, str, pick, bool, now or iso.`);
  }
}

/** Compile a template once; rendering is then a loop over literal parts and generators. */
export function compileTemplate(src: string, label = 'template'): CompiledTemplate {
  const parts: Part[] = [];
  let pos = 0;
  while (pos < src.length) {
    const open = src.indexOf('{{', pos);
    if (open === -1) {
      parts.push(src.slice(pos));
      break;
    }
    if (open > pos) parts.push(src.slice(pos, open));
    const close = src.indexOf('}}', open + 2);
    const line = src.slice(0, open).split('\n').length;
    const col = open - src.lastIndexOf('\n', open - 1);
    const at = `${label}, line ${line} column ${col}`;
    if (close === -1) throw new TemplateError(`${at}: '{{' is never closed by '}}'.`);
    const tokens = tokenize(src.slice(open + 2, close));
    if (tokens.length === 0) throw new TemplateError(`${at}: empty {{ }}.`);
    parts.push(generator(tokens, at));
    pos = close + 2;
  }
  if (parts.every((p) => typeof p === 'string')) {
    const text = parts.join('');
    return () => text;
  }
  return (ctx) => {
    let s = '';
    for (const p of parts) s += typeof p === 'string' ? p : p(ctx);
    return s;
  };
}

export interface CompiledRecordTemplate {
  render(ctx: RenderContext): { key: string | null; value: string; headers: Header[] };
  format: ValueFormat;
}

/** Compile key, value and header templates; with format 'json' the first renders must parse as JSON. */
export function compileRecordTemplate(t: Template): CompiledRecordTemplate {
  if (typeof t?.value !== 'string') throw new TemplateError('The value template must be text.');
  const key = t.key === null || t.key === '' ? null : compileTemplate(t.key, 'key');
  const value = compileTemplate(t.value, 'value');
  const headers = (t.headers ?? []).filter((h) => h.key !== '').map((h) => ({ key: h.key, value: compileTemplate(h.value ?? '', `header '${h.key}'`) }));
  const compiled: CompiledRecordTemplate = {
    format: t.format === 'json' ? 'json' : 'text',
    render: (ctx) => ({ key: key ? key(ctx) : null, value: value(ctx), headers: headers.map((h) => ({ key: h.key, value: h.value(ctx) })) }),
  };
  if (compiled.format === 'json') {
    // Check a few renders (generators may yield different shapes, e.g. pick of a quote).
    const random = seededRandom(1);
    for (let i = 0; i < 3; i++) checkJson(compiled.render({ index: i, random, now: Date.now }).value, i);
  }
  return compiled;
}

export function checkJson(value: string, index: number): void {
  try {
    JSON.parse(value);
  } catch (e) {
    throw new ConsoleError('INVALID_JSON', `Record ${index + 1} of the template is not valid JSON (${(e as Error).message}): ${value.slice(0, 120)}. Nothing was sent.`);
  }
}

export function previewTemplate(t: Template, count: number): ImportedRecord[] {
  const c = compileRecordTemplate(t);
  const n = Math.max(1, Math.min(20, Math.trunc(count) || 1));
  const ctx: RenderContext = { index: 0, random: Math.random, now: Date.now };
  return Array.from({ length: n }, (_, index) => {
    const r = c.render({ ...ctx, index });
    if (c.format === 'json') checkJson(r.value, index);
    // As ImportedRecord everywhere: key, value and header values as base64 of their UTF-8 bytes.
    return {
      partition: null, timestamp: null,
      key: r.key === null ? null : Buffer.from(r.key).toString('base64'),
      value: Buffer.from(r.value).toString('base64'),
      headers: r.headers,
    };
  });
}
