// The coordinator's MarkerSender: WriteTxnMarkers over the protocol to each participant partition's
// leader, grouped per leader, as Kafka's TransactionMarkerChannelManager sends them.
//
// A group participant (AddOffsetsToTxn) has no partition leader here: group offsets live in the catalog,
// shared by every broker, so its "marker" is settling the staged offsets there (COMMIT promotes them to
// the group's committed offsets, ABORT drops them) — one atomic, idempotent catalog write.
//
// Acknowledged: NONE; a partition the metadata no longer has (deleted topic: nothing left to mark);
// INVALID_PRODUCER_EPOCH or TRANSACTION_COORDINATOR_FENCED (a newer epoch or coordinator owns the producer
// there, so this marker is moot — Kafka stops sending it too). Anything else is sent again.

import { ApiKey } from '../../protocol/api-keys.ts';
import { errorName, type ErrorName } from '../../protocol/error-codes.ts';
import type { MetadataView } from '../metadata-image.ts';
import type { MarkerOutcome, MarkerSender } from './marker-delivery.ts';
import { isGroupParticipant, type TxnParticipant, type TxnResult } from './transaction-metadata.ts';
import type { BrokerChannels } from './broker-channels.ts';

const WRITE_TXN_MARKERS_VERSION = 1;
const MOOT: ReadonlySet<ErrorName> = new Set(['INVALID_PRODUCER_EPOCH', 'TRANSACTION_COORDINATOR_FENCED']);

export interface GroupMarkerTarget {
  /** Settles the producer's staged offsets of the group. */
  complete(groupId: string, producerId: number, commit: boolean): void;
}

type PartitionParticipant = { readonly topic: string; readonly partition: number };

interface MarkerResponse {
  markers: { producerId: number | bigint; topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[] }[];
}

export class ProtocolMarkerSender implements MarkerSender {
  constructor(
    private readonly channels: BrokerChannels,
    private readonly view: () => MetadataView,
    private readonly groups: GroupMarkerTarget,
  ) {}

  async send(
    participants: readonly TxnParticipant[], producerId: number, producerEpoch: number, result: TxnResult, coordinatorEpoch: number,
  ): Promise<readonly MarkerOutcome[]> {
    const out: MarkerOutcome[] = [];
    const byLeader = new Map<number, PartitionParticipant[]>();
    const view = this.view();
    for (const p of participants) {
      if (isGroupParticipant(p)) {
        try {
          this.groups.complete(p.groupId, producerId, result === 'COMMIT');
          out.push({ participant: p, error: 'NONE' });
        } catch {
          out.push({ participant: p, error: 'COORDINATOR_NOT_AVAILABLE' });
        }
        continue;
      }
      const img = view.partition(p.topic, p.partition);
      if (img === undefined) {
        out.push({ participant: p, error: 'NONE' });
        continue;
      }
      if (img.leader < 0) {
        out.push({ participant: p, error: 'LEADER_NOT_AVAILABLE' });
        continue;
      }
      let list = byLeader.get(img.leader);
      if (!list) byLeader.set(img.leader, (list = []));
      list.push(p);
    }
    await Promise.all([...byLeader].map(async ([leader, parts]) => {
      out.push(...await this.sendTo(leader, parts, producerId, producerEpoch, result, coordinatorEpoch));
    }));
    return out;
  }

  private async sendTo(
    leader: number, parts: PartitionParticipant[], producerId: number, producerEpoch: number, result: TxnResult, coordinatorEpoch: number,
  ): Promise<MarkerOutcome[]> {
    const topics = new Map<string, number[]>();
    for (const p of parts) {
      const l = topics.get(p.topic) ?? [];
      l.push(p.partition);
      topics.set(p.topic, l);
    }
    let res: MarkerResponse;
    try {
      res = await this.channels.request(leader, ApiKey.WriteTxnMarkers, WRITE_TXN_MARKERS_VERSION, {
        markers: [{
          producerId, producerEpoch, transactionResult: result === 'COMMIT', coordinatorEpoch,
          topics: [...topics].map(([name, partitionIndexes]) => ({ name, partitionIndexes })),
        }],
      }) as unknown as MarkerResponse;
    } catch {
      return parts.map((participant) => ({ participant, error: 'NETWORK_EXCEPTION' }));
    }
    const errors = new Map<string, ErrorName>();
    for (const m of res.markers) {
      for (const t of m.topics) for (const p of t.partitions) errors.set(`${t.name}\u0000${p.partitionIndex}`, errorName(p.errorCode) as ErrorName);
    }
    return parts.map((participant) => {
      const e = errors.get(`${participant.topic}\u0000${participant.partition}`) ?? 'UNKNOWN_SERVER_ERROR';
      const gone = e === 'UNKNOWN_TOPIC_OR_PARTITION' && this.view().partition(participant.topic, participant.partition) === undefined;
      return { participant, error: e === 'NONE' || gone || MOOT.has(e) ? 'NONE' : e };
    });
  }
}
