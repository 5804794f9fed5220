// DescribeLogDirs: this broker's one log directory and the size of each partition in it.

import type { Handler, Item, ResponseOf } from './context.ts';

type LogDirTopic = Item<Item<ResponseOf<'DescribeLogDirs'>['results']>['topics']>;
type LogDirPartition = Item<LogDirTopic['partitions']>;

export const handleDescribeLogDirs: Handler<'DescribeLogDirs'> = (body, _req, broker): ResponseOf<'DescribeLogDirs'> => {
  const wanted = body.topics === null ? null : new Map(body.topics.map((t) => [t.topic, new Set(t.partitions)]));
  const byTopic = new Map<string, LogDirPartition[]>();
  for (const hp of broker.replicas.all()) {
    if (wanted && !wanted.get(hp.topic)?.has(hp.partition)) continue;
    const list = byTopic.get(hp.topic) ?? [];
    list.push({ partitionIndex: hp.partition, partitionSize: hp.log.size(), offsetLag: 0, isFutureKey: false });
    byTopic.set(hp.topic, list);
  }
  return {
    throttleTimeMs: 0,
    errorCode: 0,
    results: [{
      errorCode: 0,
      logDir: broker.logDir,
      topics: [...byTopic].map(([name, partitions]): LogDirTopic => ({ name, partitions })),
      totalBytes: -1,
      usableBytes: -1,
    }],
  };
};
