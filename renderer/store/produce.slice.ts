// Producing: the last records sent (newest first) and their topic; the generator's templates and its job.

import type { ProducerProgressEvent, ProduceResult, Template } from '../../app/contract.ts';

export interface ProduceSlice {
  produceTopic: string | null;
  lastProduced: ProduceResult[];
  bulkJob: ProducerProgressEvent | null;
  templates: Template[];
}

export const produceSlice = (): ProduceSlice => ({ produceTopic: null, lastProduced: [], bulkJob: null, templates: [] });
