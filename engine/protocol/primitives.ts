// Kafka wire primitives: a bounds-checked Reader over a Buffer and a growable Writer.
//
// Encodings (https://kafka.apache.org/protocol#protocol_types):
//   int8/16/32/64, uint16, uint32, float64   big-endian, fixed width
//   uvarint                                  unsigned LEB128, at most 5 bytes (32 bits)
//   varint / varlong                         zig-zag LEB128, at most 5 / 10 bytes
//   string                                   int16 length + UTF-8; nullable: length -1 is null
//   compact string                           uvarint (length + 1) + UTF-8; nullable: 0 is null
//   bytes / compact bytes                    int32 length / uvarint (length + 1); -1 / 0 is null
//   array / compact array                    int32 count / uvarint (count + 1); -1 / 0 is null
//   uuid                                     16 raw bytes
//   tagged fields                            uvarint count, then per field: uvarint tag, uvarint size, data
//
// Representation rules:
//   int64   a JS number when -2^53 <= v <= 2^53 (every offset, timestamp, producer id and epoch
//           a real cluster produces); outside that range a bigint, so nothing is ever rounded.
//           The Writer accepts either.
//   uuid    the 22-character base64url string Kafka prints (Uuid.toString()); all-zero is
//           ZERO_UUID = "AAAAAAAAAAAAAAAAAAAAAA".
//   bytes, records  zero-copy subarrays of the input Buffer. A caller that keeps one beyond the
//           life of the request frame should copy it (Buffer.from(b)).
//
// Safety: every read checks the bytes it needs against the end of the frame first, and every
// length read from the wire is checked against the remaining bytes BEFORE anything is allocated,
// so a hostile length can neither read out of bounds nor make us allocate a large buffer.

export { Reader } from './reader.ts';
export type { Int64 } from './reader.ts';
export { Writer, ZERO_UUID } from './writer.ts';
