// Protobuf decoding with a .proto schema the user pastes (the record detail pane's Protobuf tab). It runs here in
// the backend: protobufjs generates its decoders with `new Function`, which the renderer's CSP forbids. The
// schema is parsed from text only (imports are not loaded); the value is decoded as the fully-qualified message
// type and returned as JSON: 64-bit integers and enums as strings, bytes as base64, unset fields as defaults.

import protobuf from 'protobufjs';
import type { DecodeProtobufRequest } from '../../contract.ts';
import { ConsoleError } from '../service/errors.ts';

/** Every message type the schema declares, fully qualified (for the "unknown type" error). */
function messageTypes(ns: protobuf.NamespaceBase, out: string[] = []): string[] {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) out.push(nested.fullName.replace(/^\./, ''));
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) messageTypes(nested, out);
  }
  return out;
}

export function decodeProtobufWithSchema(req: DecodeProtobufRequest): unknown {
  if (typeof req?.schema !== 'string' || req.schema.trim() === '') throw new ConsoleError('INVALID_REQUEST', 'Give a .proto schema.');
  if (typeof req.messageType !== 'string' || req.messageType.trim() === '') throw new ConsoleError('INVALID_REQUEST', 'Give the fully-qualified message type, e.g. shop.Order.');
  if (typeof req.valueBase64 !== 'string') throw new ConsoleError('INVALID_REQUEST', 'Give the value as base64.');

  let root: protobuf.Root;
  try {
    root = protobuf.parse(req.schema, { keepCase: true }).root;
  } catch (e) {
    throw new ConsoleError('INVALID_SCHEMA', `The .proto schema does not parse: ${(e as Error).message}`);
  }
  const name = req.messageType.trim().replace(/^\./, '');
  let type: protobuf.Type;
  try {
    type = root.lookupType(name);
  } catch {
    const known = messageTypes(root);
    throw new ConsoleError('UNKNOWN_TYPE', `No message type ${name} in the schema${known.length ? `; it declares ${known.join(', ')}` : ' (it declares no messages)'}.`);
  }
  try {
    root.resolveAll();
  } catch (e) {
    throw new ConsoleError('INVALID_SCHEMA', `The .proto schema does not resolve: ${(e as Error).message}`);
  }
  const bytes = Buffer.from(req.valueBase64, 'base64');
  try {
    return type.toObject(type.decode(bytes), { longs: String, enums: String, bytes: String, defaults: true });
  } catch (e) {
    throw new ConsoleError('CANNOT_DECODE', `The value is not a ${type.fullName.replace(/^\./, '')}: ${(e as Error).message}`);
  }
}
