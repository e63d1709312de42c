// CI-sized trainer settings shared by the classification tests: a width-4 CNN on 2×-pooled inputs, the
// 'cpu' backend (SwiftShader would add nothing to these logic tests but time).
import { makeSyntheticDataset } from '../../src/classify/data/synthetic.ts';
import { parseRunSpecs } from '../../src/classify/regularizers.ts';
import { LockstepTrainer, type TrainerConfig } from '../../src/classify/trainer.ts';

export const tinyData = (trainSize = 400, testSize = 200, seed = 1) => makeSyntheticDataset({ trainSize, testSize, seed });

export function tinyTrainer(runs: string, overrides: Partial<TrainerConfig> = {}, data = tinyData()): LockstepTrainer {
  return new LockstepTrainer(data, {
    model: 'cnn',
    width: 4,
    inputPool: 2,
    runs: parseRunSpecs(runs),
    optimizer: 'adam',
    learningRate: 0.01,
    schedule: 'constant',
    batchSize: 32,
    totalSteps: 100,
    augment: false,
    weightDecay: 0,
    seed: 1,
    ...overrides,
  });
}
