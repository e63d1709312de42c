// A fixed-size ring buffer of transitions in Float32Arrays; batches are drawn with the caller's RNG.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../util/rng.ts';

export interface Batch {
  observations: tf.Tensor2D;
  actions: tf.Tensor2D;
  rewards: tf.Tensor1D;
  nextObservations: tf.Tensor2D;
  /** 1 where the next state is terminal (no bootstrap), else 0. Truncation is not terminal. */
  terminals: tf.Tensor1D;
}

export interface BatchArrays {
  obs: Float32Array;
  act: Float32Array;
  rew: Float32Array;
  next: Float32Array;
  term: Float32Array;
}

export function disposeBatch(b: Batch): void {
  tf.dispose([b.observations, b.actions, b.rewards, b.nextObservations, b.terminals]);
}

export class ReplayBuffer {
  private readonly obs: Float32Array;
  private readonly act: Float32Array;
  private readonly rew: Float32Array;
  private readonly next: Float32Array;
  private readonly term: Float32Array;
  private cursor = 0;
  size = 0;

  constructor(
    readonly capacity: number,
    readonly observationSize: number,
    readonly actionSize: number,
  ) {
    this.obs = new Float32Array(capacity * observationSize);
    this.next = new Float32Array(capacity * observationSize);
    this.act = new Float32Array(capacity * actionSize);
    this.rew = new Float32Array(capacity);
    this.term = new Float32Array(capacity);
  }

  add(observation: Float32Array, action: Float32Array, reward: number, nextObservation: Float32Array, terminated: boolean): void {
    const i = this.cursor;
    this.obs.set(observation, i * this.observationSize);
    this.next.set(nextObservation, i * this.observationSize);
    this.act.set(action, i * this.actionSize);
    this.rew[i] = reward;
    this.term[i] = terminated ? 1 : 0;
    this.cursor = (i + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  sample(batchSize: number, rng: Rng): Batch {
    const o = this.observationSize;
    const a = this.actionSize;
    const { obs, act, rew, next, term } = this.sampleArrays(batchSize, rng);
    return {
      observations: tf.tensor2d(obs, [batchSize, o]),
      actions: tf.tensor2d(act, [batchSize, a]),
      rewards: tf.tensor1d(rew),
      nextObservations: tf.tensor2d(next, [batchSize, o]),
      terminals: tf.tensor1d(term),
    };
  }

  /**
   * The draw of `sample` into plain arrays (written at row `at` of arrays sized for several batches when
   * given: the seeds' batches stacked on a leading axis). The rng sequence is the same either way.
   */
  sampleArrays(batchSize: number, rng: Rng, into?: BatchArrays, at = 0): BatchArrays {
    if (this.size === 0) throw new Error('cannot sample from an empty replay buffer');
    const o = this.observationSize;
    const a = this.actionSize;
    const out = into ?? {
      obs: new Float32Array(batchSize * o),
      next: new Float32Array(batchSize * o),
      act: new Float32Array(batchSize * a),
      rew: new Float32Array(batchSize),
      term: new Float32Array(batchSize),
    };
    const { obs, next, act, rew, term } = out;
    for (let row = 0; row < batchSize; row++) {
      const b = at + row;
      const i = Math.floor(rng.uniform() * this.size);
      obs.set(this.obs.subarray(i * o, (i + 1) * o), b * o);
      next.set(this.next.subarray(i * o, (i + 1) * o), b * o);
      act.set(this.act.subarray(i * a, (i + 1) * a), b * a);
      rew[b] = this.rew[i];
      term[b] = this.term[i];
    }
    return out;
  }
}
