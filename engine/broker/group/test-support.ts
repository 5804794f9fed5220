// Helpers for the group coordinator's tests: an in-memory offset backend (same contract as the catalog's
// GroupOffsetStore), a manual clock, request builders and a way to watch a parked request.

import { expect } from 'vitest';
import type { CommittedOffset, OffsetCommit, TopicPartitionRef } from '../../catalog/group-offsets.ts';
import { KafkaError } from '../../protocol/error-codes.ts';
import { encodeSubscription } from './consumer-subscription.ts';
import { GroupCoordinator } from './coordinator.ts';
import type { GroupCoordinatorOptions, GroupOffsetBackend } from './coordinator-options.ts';
import { ManualScheduler } from '../scheduler.ts';
import type { JoinGroupRequest, JoinGroupResult, MemberRequestContext } from './types.ts';

export class MemoryOffsets implements GroupOffsetBackend {
  private readonly rows = new Map<string, CommittedOffset>();
  constructor(private readonly partitionExists: (topic: string, partition: number) => boolean) {}

  private key(groupId: string, topic: string, partition: number): string {
    return `${groupId}\u0000${topic}\u0000${partition}`;
  }

  commit(groupId: string, offsets: readonly OffsetCommit[], now = Date.now()): void {
    if (groupId === '') throw new KafkaError('INVALID_GROUP_ID', 'empty group id');
    for (const o of offsets) {
      if (!this.partitionExists(o.topic, o.partition)) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `${o.topic}-${o.partition}`);
    }
    for (const o of offsets) {
      this.rows.set(this.key(groupId, o.topic, o.partition), {
        groupId, topic: o.topic, partition: o.partition, committedOffset: o.committedOffset, leaderEpoch: o.leaderEpoch ?? -1,
        metadata: o.metadata ?? null, commitTimestamp: o.commitTimestamp ?? now, expireTimestamp: o.expireTimestamp ?? null,
      });
    }
  }

  fetch(groupId: string, partitions?: readonly TopicPartitionRef[]): CommittedOffset[] {
    if (partitions === undefined) {
      return [...this.rows.values()].filter((r) => r.groupId === groupId)
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    }
    return partitions.flatMap((p) => {
      const r = this.rows.get(this.key(groupId, p.topic, p.partition));
      return r === undefined ? [] : [r];
    });
  }

  deleteGroup(groupId: string): number {
    let n = 0;
    for (const [k, r] of this.rows) if (r.groupId === groupId && this.rows.delete(k)) n++;
    return n;
  }

  deletePartitions(groupId: string, partitions: readonly TopicPartitionRef[]): number {
    return partitions.reduce((n, p) => n + (this.rows.delete(this.key(groupId, p.topic, p.partition)) ? 1 : 0), 0);
  }

  listGroups(): string[] {
    return [...new Set([...this.rows.values()].map((r) => r.groupId))].sort();
  }
}

/** Topics that exist in these tests: orders (3 partitions), payments (1). */
export const TOPICS: Record<string, number> = { orders: 3, payments: 1 };
export const partitionExists = (topic: string, partition: number): boolean => partition >= 0 && partition < (TOPICS[topic] ?? 0);

export interface Harness {
  clock: ManualScheduler;
  offsets: MemoryOffsets;
  coordinator: GroupCoordinator;
}

export function harness(opts: Partial<GroupCoordinatorOptions> = {}): Harness {
  const clock = new ManualScheduler();
  const offsets = new MemoryOffsets(partitionExists);
  const coordinator = new GroupCoordinator({ offsets, partitionExists, scheduler: clock, ...opts });
  return { clock, offsets, coordinator };
}

export const ctx = (clientId: string, apiVersion: number): MemberRequestContext => ({ clientId, clientHost: '/127.0.0.1', apiVersion });

export const subscription = (...topics: string[]): Buffer => encodeSubscription(topics);

export function joinRequest(groupId: string, memberId: string, extra: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription('orders') }],
    reason: null,
    ...extra,
  };
}

export interface Watched<T> {
  readonly done: boolean;
  readonly value: T;
}

/** Watches a promise; read .done after flush(). */
export function watch<T>(p: Promise<T>): Watched<T> {
  const state: { done: boolean; value?: T } = { done: false };
  void p.then((v) => {
    state.done = true;
    state.value = v;
  });
  return {
    get done() {
      return state.done;
    },
    get value() {
      if (!state.done) throw new Error('the request is still parked');
      return state.value as T;
    },
  };
}

/** Lets resolved promises run their callbacks. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The group most tests use. */
export const G = 'orders-app';

/**
 * Brings `clients` into one Stable generation (v3 joins at the same instant; with the default 3 s initial
 * delay, extended once because more than one member joined), the leader assigning "<memberId>".
 */
export async function stableGroup(h: Harness, clients: string[], extra: Partial<JoinGroupRequest> = {}): Promise<JoinGroupResult[]> {
  const joins = clients.map((c) => watch(h.coordinator.joinGroup(joinRequest(G, '', extra), ctx(c, 3))));
  h.clock.advance(6000);
  await flush();
  const results = joins.map((j) => j.value);
  const leader = results.find((r) => r.members.length > 0) as JoinGroupResult;
  const syncs = results.map((r) => watch(h.coordinator.syncGroup({
    groupId: G, generationId: r.generationId, memberId: r.memberId,
    assignments: r === leader ? leader.members.map((m) => ({ memberId: m.memberId, assignment: Buffer.from(m.memberId) })) : [],
  })));
  await flush();
  expect(syncs.every((s) => s.done)).toBe(true);
  expect(h.coordinator.group(G)?.state).toBe('Stable');
  return results;
}

export const heartbeat = (h: Harness, r: { memberId: string; generationId: number }, groupInstanceId: string | null = null): number =>
  h.coordinator.heartbeat({ groupId: G, generationId: r.generationId, memberId: r.memberId, groupInstanceId }).errorCode;

