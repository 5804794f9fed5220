// One sentence each for the words the map uses; shown as tooltips and in the map's legend.

export const TERMS = {
  leader: 'The leader is the one replica that takes every write and read of the partition; the others copy from it.',
  isr: 'The ISR (in-sync replicas) are the replicas caught up with the leader; only they may become leader without losing records.',
  hw: 'The high watermark (HW) is the offset up to which every in-sync replica has the records; consumers read only below it.',
  lso: 'The last stable offset (LSO) is the offset below which no transaction is still open; read_committed consumers read only below it.',
} as const;
