// Protobuf schemas (.proto text), through protobufjs.
//
// Parse: the referenced files (a reference's name is the import path, e.g. "other.proto") and then this
// file into one Root, and resolveAll() so an unknown type or a missing import fails here. google/protobuf/*
// well-known imports come from protobufjs' bundled copies. Equality: the file's own definitions as a
// descriptor (protobufjs toJSON, comments and whitespace dropped) plus its syntax, package and imports.
// Can read — the wire-compatibility rules Confluent's ProtobufSchema diff treats as incompatible, checked
// for every message the writer defines (by full name, nested ones included):
//   - PACKAGE_CHANGED: the file's package differs;
//   - MESSAGE_REMOVED: a message the writer defines is missing in the reader;
//   - FIELD_KIND_CHANGED: a field number is scalar on one side and a message/enum on the other;
//   - FIELD_SCALAR_KIND_CHANGED: a field number's scalar type changed outside its wire-compatible group
//     ({int32, uint32, int64, uint64, bool}, {sint32, sint64}, {fixed32, sfixed32}, {fixed64, sfixed64},
//     {string, bytes}, {float}, {double});
//   - FIELD_NAMED_TYPE_CHANGED: a field number's message or enum type changed (by full name);
//   - REQUIRED_FIELD_ADDED / REQUIRED_FIELD_REMOVED (proto2 `required`);
//   - FIELD_MOVED_TO_EXISTING_ONEOF: a field outside any oneof joined a oneof that already existed;
//   - MULTIPLE_FIELDS_MOVED_TO_ONEOF: two or more fields outside oneofs moved into one new oneof;
// Compatible: adding or removing optional fields and messages the writer does not define, renaming a field
// that keeps its number and type, enum value changes.
// Not checked: options, services, reserved ranges, map key types beyond their scalar kind.

import protobuf from 'protobufjs';
import { SchemaParseError, type ParsedSchema, type ResolvedReference, type SchemaTypeHandler } from './schema-type.ts';

export interface ProtobufSchema extends ParsedSchema {
  root: protobuf.Root;
  pkg: string;
  /** Full names (no leading dot) of the messages this file defines, nested ones included. */
  messages: string[];
}

const PARSE_OPTIONS = { keepCase: true, alternateCommentMode: true };

function parseInto(text: string, root: protobuf.Root, what: string): protobuf.IParserResult {
  try {
    return protobuf.parse(text, root, PARSE_OPTIONS);
  } catch (e) {
    throw new SchemaParseError(`${what}: ${(e as Error).message}`);
  }
}

function addWellKnown(root: protobuf.Root, imports: string[]): void {
  for (const name of imports) {
    const common = (protobuf.common as unknown as { get(n: string): protobuf.INamespace | null }).get(name);
    if (common?.nested) root.addJSON(common.nested);
  }
}

function messagesOf(ns: protobuf.NamespaceBase, out: string[] = []): string[] {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) out.push(nested.fullName.slice(1));
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) messagesOf(nested, out);
  }
  return out;
}

export const protobufHandler: SchemaTypeHandler<ProtobufSchema> = {
  parse(text, refs: ResolvedReference[]) {
    const root = new protobuf.Root();
    const known = new Set(refs.map((r) => r.name));
    for (const ref of refs) {
      const r = parseInto(ref.schema, root, `referenced schema '${ref.name}'`);
      addWellKnown(root, [...(r.imports ?? []), ...(r.weakImports ?? [])].filter((i) => !known.has(i)));
    }
    const own = parseInto(text, new protobuf.Root(), 'the schema');
    const imports = [...(own.imports ?? []), ...(own.weakImports ?? [])];
    for (const i of imports) {
      if (!known.has(i) && !i.startsWith('google/protobuf/')) throw new SchemaParseError(`import "${i}" is not among the schema's references`);
    }
    addWellKnown(root, imports.filter((i) => !known.has(i)));
    parseInto(text, root, 'the schema');
    try {
      root.resolveAll();
    } catch (e) {
      throw new SchemaParseError((e as Error).message);
    }
    const pkg = own.package ?? '';
    const messages = messagesOf(own.root);
    if (messages.length === 0) throw new SchemaParseError('the schema defines no message');
    const canonical = JSON.stringify({ syntax: /syntax\s*=\s*["'](proto[23])["']/.exec(text)?.[1] ?? 'proto2', package: pkg, imports: [...imports].sort(), defs: own.root.toJSON() });
    return { type: 'PROTOBUF', text, canonical, root, pkg, messages };
  },

  canRead(reader, writer) {
    const out: string[] = [];
    if (reader.pkg !== writer.pkg) out.push(`PACKAGE_CHANGED: package '${writer.pkg}' became '${reader.pkg}'`);
    for (const name of writer.messages) {
      const w = writer.root.lookupType(name);
      // Under a changed package (already reported) the same message is looked for under the new one.
      const local = writer.pkg ? name.slice(writer.pkg.length + 1) : name;
      const r = lookupTypeOrNull(reader.root, reader.pkg ? `${reader.pkg}.${local}` : local);
      if (!r) {
        out.push(`MESSAGE_REMOVED: message ${name}`);
        continue;
      }
      out.push(...compareMessage(name, r, w));
    }
    return out;
  },
};

function lookupTypeOrNull(root: protobuf.Root, name: string): protobuf.Type | null {
  const t = root.lookup(name.replace(/^\.?/, '.'));
  return t instanceof protobuf.Type ? t : null;
}

const WIRE_GROUPS = [['int32', 'uint32', 'int64', 'uint64', 'bool'], ['sint32', 'sint64'], ['fixed32', 'sfixed32'], ['fixed64', 'sfixed64'], ['string', 'bytes'], ['float'], ['double']];
const SCALARS = new Set(WIRE_GROUPS.flat());

function kindOf(f: protobuf.Field): { kind: 'scalar' | 'message' | 'enum'; name: string } {
  if (f instanceof protobuf.MapField) return { kind: 'message', name: `map<${f.keyType},${f.type}>` };
  if (SCALARS.has(f.type)) return { kind: 'scalar', name: f.type };
  const t = f.resolvedType;
  if (t instanceof protobuf.Enum) return { kind: 'enum', name: t.fullName.slice(1) };
  return { kind: 'message', name: t ? t.fullName.slice(1) : f.type };
}

function sameWireGroup(a: string, b: string): boolean {
  return WIRE_GROUPS.some((g) => g.includes(a) && g.includes(b));
}

function compareMessage(name: string, reader: protobuf.Type, writer: protobuf.Type): string[] {
  const out: string[] = [];
  const readerById = new Map(reader.fieldsArray.map((f) => [f.id, f]));
  const writerById = new Map(writer.fieldsArray.map((f) => [f.id, f]));
  for (const w of writer.fieldsArray) {
    const r = readerById.get(w.id);
    if (!r) {
      if (w.required) out.push(`REQUIRED_FIELD_REMOVED: ${name}.${w.name} (field ${w.id})`);
      continue;
    }
    const wk = kindOf(w);
    const rk = kindOf(r);
    if (wk.kind !== rk.kind) out.push(`FIELD_KIND_CHANGED: ${name} field ${w.id} was ${wk.kind} ${wk.name}, is ${rk.kind} ${rk.name}`);
    else if (wk.kind === 'scalar' && !sameWireGroup(wk.name, rk.name)) out.push(`FIELD_SCALAR_KIND_CHANGED: ${name} field ${w.id} was ${wk.name}, is ${rk.name}`);
    else if (wk.kind !== 'scalar' && wk.name !== rk.name) out.push(`FIELD_NAMED_TYPE_CHANGED: ${name} field ${w.id} was ${wk.name}, is ${rk.name}`);
    if (r.required && !w.required) out.push(`REQUIRED_FIELD_ADDED: ${name}.${r.name} (field ${r.id}) became required`);
    if (w.required && !r.required) out.push(`REQUIRED_FIELD_REMOVED: ${name}.${w.name} (field ${w.id}) is no longer required`);
  }
  for (const r of reader.fieldsArray) {
    if (!writerById.has(r.id) && r.required) out.push(`REQUIRED_FIELD_ADDED: ${name}.${r.name} (field ${r.id})`);
  }
  // Oneofs (synthetic ones, proto3 `optional`, excluded: they are single fields).
  const realOneofs = (t: protobuf.Type) => t.oneofsArray.filter((o) => !(o.fieldsArray.length === 1 && o.name.startsWith('_')));
  const writerOneofNames = new Set(realOneofs(writer).map((o) => o.name));
  for (const o of realOneofs(reader)) {
    const moved = o.fieldsArray.filter((f) => {
      const w = writerById.get(f.id);
      return w && !(w.partOf && realOneofs(writer).includes(w.partOf));
    });
    if (writerOneofNames.has(o.name) && moved.length > 0) out.push(`FIELD_MOVED_TO_EXISTING_ONEOF: ${name} fields ${moved.map((f) => f.id).join(', ')} moved into oneof ${o.name}`);
    else if (!writerOneofNames.has(o.name) && moved.length > 1) out.push(`MULTIPLE_FIELDS_MOVED_TO_ONEOF: ${name} fields ${moved.map((f) => f.id).join(', ')} moved into new oneof ${o.name}`);
  }
  return out;
}
