// ListOffsets' special timestamps: a partition's request carries either a real timestamp (>= 0, "the first
// offset at or after it") or one of these, by the names Kafka gives them (ListOffsetsRequest).
// The broker, the storage layer and every client of ours use these names, never the bare numbers.

/** The log end offset (for a consumer: the high watermark, or the last stable offset when read_committed). */
export const LATEST_TIMESTAMP = -1;
/** The log start offset. */
export const EARLIEST_TIMESTAMP = -2;
/** The offset of the record with the largest timestamp (KIP-734). */
export const MAX_TIMESTAMP = -3;
/** The local log's start offset (KIP-405); without tiered storage the same as EARLIEST_TIMESTAMP. */
export const EARLIEST_LOCAL_TIMESTAMP = -4;
/** The end of the tiered part of the log (KIP-1005); without tiered storage the same as LATEST_TIMESTAMP. */
export const LATEST_TIERED_TIMESTAMP = -5;
/** The first offset not yet uploaded to tiered storage (KIP-1023, v11); without tiered storage none: offset -1. */
export const EARLIEST_PENDING_UPLOAD_TIMESTAMP = -6;

/** The first ListOffsets version that may send each special timestamp; below it the partition gets UNSUPPORTED_VERSION. */
export const SPECIAL_TIMESTAMP_MIN_VERSION: Readonly<Record<number, number>> = {
  [MAX_TIMESTAMP]: 7, [EARLIEST_LOCAL_TIMESTAMP]: 8, [LATEST_TIERED_TIMESTAMP]: 9, [EARLIEST_PENDING_UPLOAD_TIMESTAMP]: 11,
};
