import * as tf from '@tensorflow/tfjs';
import { initBackend } from './src/cli/backend.ts';
import { makeSyntheticDataset } from './src/classify/data/synthetic.ts';
import { LockstepTrainer } from './src/classify/trainer.ts';
import { parseRunSpecs } from './src/classify/regularizers.ts';
const [backend, runs, width, pool, steps, batch, lr, opt, aug] = process.argv.slice(2);
await initBackend(backend as 'cpu');
const t0 = performance.now();
const ds = makeSyntheticDataset({ trainSize: 400, testSize: 200, seed: 1 });
const tr = new LockstepTrainer(ds, { model: 'cnn', width: Number(width), inputPool: Number(pool), runs: parseRunSpecs(runs), optimizer: (opt ?? 'adam') as 'adam', learningRate: Number(lr ?? 0.01), schedule: 'constant', batchSize: Number(batch ?? 32), totalSteps: 100, augment: aug === 'aug', weightDecay: 0, seed: 1 });
for (let s = 0; s < Number(steps); s++) {
  const m = await tr.trainStep();
  if (s % 10 === 0 || s === Number(steps) - 1) console.log(m.step, m.seconds.toFixed(3), m.runs.map((r) => `${r.name} ${r.loss.toFixed(3)} ${r.accuracy.toFixed(2)}`).join(' | '), tf.memory().numTensors);
}
const t1 = performance.now();
const ev = await tr.evaluate('test');
for (const e of ev) console.log(e.name, e.accuracy, e.meanEntropy.toFixed(3), e.minEntropy.toFixed(3), e.ece.toFixed(3));
console.log('eval', (performance.now() - t1).toFixed(0), 'total', (performance.now() - t0).toFixed(0), 'ms');
