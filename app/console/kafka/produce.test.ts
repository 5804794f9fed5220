import { describe, expect, it, vi } from 'vitest';
import type { KafkaConnection } from './connection.ts';
import { produce } from './produce.ts';

function fakeConnection() {
  const send = vi.fn(async () => ({ offsets: [{ topic: 't', partition: 1, offset: 41n }] }));
  return { conn: { producer: { send } } as unknown as KafkaConnection, send };
}

describe('produce', () => {
  it('refuses bad JSON before sending anything', async () => {
    const { conn, send } = fakeConnection();
    await expect(produce(conn, { topic: 't', partition: null, key: null, value: '{"a":', format: 'json', headers: [] }))
      .rejects.toMatchObject({ errorName: 'INVALID_JSON' });
    expect(send).not.toHaveBeenCalled();
  });

  it('sends key, value and headers as bytes and returns the offset', async () => {
    const { conn, send } = fakeConnection();
    const r = await produce(conn, { topic: 't', partition: 1, key: 'k', value: '{"a":1}', format: 'json', headers: [{ key: 'h', value: 'v' }, { key: '', value: 'ignored' }] });
    expect(r).toEqual({ topic: 't', partition: 1, offset: 41 });
    const msg = (send.mock.calls[0] as unknown as [{ messages: { key: Buffer; value: Buffer; partition: number; headers: Map<Buffer, Buffer> }[] }])[0].messages[0];
    expect(msg.key.toString()).toBe('k');
    expect(msg.value.toString()).toBe('{"a":1}');
    expect(msg.partition).toBe(1);
    expect([...msg.headers].map(([k, v]) => [k.toString(), v.toString()])).toEqual([['h', 'v']]);
  });

  it('lets text be anything', async () => {
    const { conn, send } = fakeConnection();
    await produce(conn, { topic: 't', partition: null, key: '', value: 'not { json', format: 'text', headers: [] });
    const msg = (send.mock.calls[0] as unknown as [{ messages: Record<string, unknown>[] }])[0].messages[0];
    expect(msg.key).toBeUndefined();
    expect(msg.partition).toBeUndefined();
  });
});
