// What every request handler may use: the broker's identity, its current metadata, its replicas, the
// controller, its group coordinator. Handlers are plain functions of (body, request context, broker context).

import type { BrokerConfig } from '../broker-config.ts';
import type { ControllerClient } from '../controller-client.ts';
import type { MetadataView } from '../metadata-image.ts';
import type { ReplicaManager } from '../replica-manager.ts';
import type { RequestContext } from '../listener.ts';
import type { LogConfig } from '../../storage/log-config.ts';
import type { GroupCoordinator } from '../group/coordinator.ts';

export interface BrokerContext {
  brokerId: number;
  host: string;
  port: number;
  config: BrokerConfig;
  view(): MetadataView;
  replicas: ReplicaManager;
  controller: ControllerClient;
  groups: GroupCoordinator;
  configFor(topic: string): LogConfig;
  logDir: string;
  nextProducerId(): Promise<number>;
}

export type Handler<Req = Record<string, unknown>> = (
  body: Req,
  req: RequestContext,
  broker: BrokerContext,
) => Promise<Record<string, unknown> | null> | Record<string, unknown> | null;

/** int64 fields decode as number, or bigint past 2^53; offsets and timestamps fit a number. */
export function num(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

export function errorOf(e: unknown): { code: number; message: string } {
  const k = e as { code?: unknown; message?: string };
  if (e && typeof k.code === 'number' && (e as Error).name === 'KafkaError') return { code: k.code, message: k.message ?? '' };
  return { code: -1, message: (e as Error)?.message ?? String(e) };
}
