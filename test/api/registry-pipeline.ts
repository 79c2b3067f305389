/** Fuzz registry rows for pipeline (model) parallelism: tfjs-workbook/train's fitPipeline and its helpers. */
import { Entry, WORKER_START_LIMIT } from './fuzz-harness';
import * as F from './fixtures';

const POOL =
  'the stage workers behind fitPipeline (worker threads); reached through fitPipeline here and test/lib/train/pipeline';
const event = (start: number, end: number) => ({ kind: 'F', m: 0, start, end });

export const pipeline: Record<string, Entry> = {
  fitPipeline: {
    // One stage (one worker, as fitDataParallel's row has): every call that gets past validation starts the
    // workers, and a busy machine must not push it over the time limit. Several stages: test/lib/train/pipeline.
    args: () => [F.model(), F.xs(), F.ys(), { split: [0, 2], microBatches: 2, epochs: 1, batchSize: 4, seed: 1 }],
    noHuge: ['epochs', 'microBatches'],
    timeLimit: WORKER_START_LIMIT,
  },
  PipelinePool: {
    instance: () => null,
    statics: { start: POOL },
    methods: { compute: POOL, applied: POOL, sync: POOL, stageWeights: POOL, pullWeights: POOL, close: POOL },
  },
  balancedSplit: { args: () => [F.model(), 2] },
  describeSplit: { args: () => [F.model(), [0, 1, 2]] },
  theoreticalBubble: { args: () => [2, 4] },
  measuredBubble: { args: () => [[[event(0, 2)], [event(1, 2)]]] },
  replayedBubble: { args: () => [[[event(0, 2)], [event(1, 2)]]] },
};
