// The topics of a consumer's subscription, read from its JoinGroup protocol metadata.
//
// ConsumerProtocolSubscription (clients/src/main/resources/common/message/ConsumerProtocolSubscription.json),
// every version 0-3 starts with the same prefix, never flexible:
//   version int16, topics [string] (int32 count, then int16 length + UTF-8 each), user_data bytes, ...
// Like Kafka's coordinator, we read only that v0 prefix, so a newer subscription version still parses.

/** The subscribed topics, or null when the metadata is not a well-formed consumer subscription. */
export function subscribedTopicsOf(metadata: Uint8Array): string[] | null {
  const buf = Buffer.from(metadata.buffer, metadata.byteOffset, metadata.byteLength);
  if (buf.length < 6) return null;
  const version = buf.readInt16BE(0);
  if (version < 0) return null;
  const count = buf.readInt32BE(2);
  if (count < 0 || count > buf.length) return null;
  let pos = 6;
  const topics: string[] = [];
  for (let i = 0; i < count; i++) {
    if (pos + 2 > buf.length) return null;
    const len = buf.readInt16BE(pos);
    pos += 2;
    if (len < 0 || pos + len > buf.length) return null;
    topics.push(buf.toString('utf8', pos, pos + len));
    pos += len;
  }
  return topics;
}

/** Encodes a v0 subscription (topics + user data); used by tests and tools that act as a consumer. */
export function encodeSubscription(topics: readonly string[], userData: Uint8Array | null = null, version = 0): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(6);
  head.writeInt16BE(version, 0);
  head.writeInt32BE(topics.length, 2);
  parts.push(head);
  for (const t of topics) {
    const s = Buffer.from(t, 'utf8');
    const len = Buffer.alloc(2);
    len.writeInt16BE(s.length, 0);
    parts.push(len, s);
  }
  const ud = Buffer.alloc(4);
  ud.writeInt32BE(userData === null ? -1 : userData.length, 0);
  parts.push(ud);
  if (userData !== null) parts.push(Buffer.from(userData));
  return Buffer.concat(parts);
}
