// Child process of the latency benchmark: produces 100-byte records at a fixed rate with acks=1, each value
// starting with the send time (process.hrtime.bigint(), CLOCK_MONOTONIC, the same clock in every process of
// this machine). Pacing: a 1 ms timer; at each tick every record that is due is sent, each as its own
// Produce request (pipelined on one connection, as a linger.ms=0 producer sends them).
// argv: hostPort topic rate durationMs batchPerTick(0|1)

import { buildBatch } from '../../engine/index.ts';
import { connect, produce } from './mini-client.ts';

const [hostPort, topic, rateArg, durationArg, batchArg] = process.argv.slice(2);
const rate = Number(rateArg);
const durationMs = Number(durationArg);
const batchPerTick = batchArg === '1';
const conn = await connect(hostPort, 'latency-producer');
let sent = 0;
let acked = 0;
let errors = 0;
let maxInFlight = 0;

function record(): { value: Buffer } {
  const value = Buffer.alloc(100, 'x');
  value.writeBigUInt64BE(process.hrtime.bigint(), 0);
  return { value };
}

function send(records: { value: Buffer }[]): void {
  sent += records.length;
  produce(conn, topic, 0, buildBatch(records), 1).then(
    (r) => (r.errorCode === 0 ? (acked += records.length) : (errors += records.length)),
    () => (errors += records.length),
  );
  maxInFlight = Math.max(maxInFlight, conn.inFlight);
}

process.send!({ type: 'ready' });
process.once('message', () => {
  const start = process.hrtime.bigint();
  const total = Math.round((rate * durationMs) / 1000);
  const tick = () => {
    const elapsedNs = Number(process.hrtime.bigint() - start);
    const due = Math.min(total, Math.floor((elapsedNs * rate) / 1e9));
    if (batchPerTick && due > sent) send(Array.from({ length: due - sent }, record));
    else while (sent < due) send([record()]);
    if (sent < total) {
      setTimeout(tick, 1);
      return;
    }
    const wait = setInterval(() => {
      if (acked + errors < sent) return;
      clearInterval(wait);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      process.send!({ type: 'done', sent, acked, errors, maxInFlight, seconds }, () => void conn.close().then(() => process.exit(0)));
    }, 5);
  };
  tick();
});
