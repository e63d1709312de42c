// The two classifiers: a small fast CNN and a CIFAR ResNet-20 (He et al. 2016, 3 stages × 3 basic blocks,
// 16/32/64 channels), both with batch norm. Each is a feature extractor (a TF.js LayersModel ending in
// global average pooling) plus a linear head kept as plain variables, so the regularizers act between
// them (dropout on the features) and after them (ERA on the logits).
import * as tf from '@tensorflow/tfjs';
import { NUM_CLASSES } from './data/dataset.ts';

import type { ModelKind } from './options.ts';

export { MODEL_KINDS, type ModelKind } from './options.ts';

export interface ModelOptions {
  kind: ModelKind;
  /** Channels of the first stage (CNN default 32, ResNet-20 default 16). Small values make test-sized nets. */
  width?: number;
  /** Average-pool the input by this factor first (1 = off): CI-sized nets for tests, never the lab's models. */
  inputPool?: number;
  seed: number;
}

export interface Classifier {
  features: tf.LayersModel;
  headKernel: tf.Variable;
  headBias: tf.Variable;
  /** Trainable variables: every weight of the extractor and the head. */
  trainable: tf.Variable[];
  /** Convolution and dense kernels (what weight decay applies to). */
  kernels: tf.Variable[];
}

function seededInit(seed: { next: number }): ReturnType<typeof tf.initializers.heNormal> {
  return tf.initializers.heNormal({ seed: seed.next++ });
}

function convBnRelu(x: tf.SymbolicTensor, filters: number, strides: number, seed: { next: number }, relu = true): tf.SymbolicTensor {
  let y = tf.layers
    .conv2d({ filters, kernelSize: 3, strides, padding: 'same', useBias: false, kernelInitializer: seededInit(seed) })
    .apply(x) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }).apply(y) as tf.SymbolicTensor;
  return relu ? (tf.layers.reLU().apply(y) as tf.SymbolicTensor) : y;
}

function cnn(input: tf.SymbolicTensor, width: number, seed: { next: number }): tf.SymbolicTensor {
  let x = convBnRelu(input, width, 1, seed);
  x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = convBnRelu(x, width * 2, 1, seed);
  x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = convBnRelu(x, width * 4, 1, seed);
  return x;
}

function basicBlock(x: tf.SymbolicTensor, filters: number, strides: number, seed: { next: number }): tf.SymbolicTensor {
  let y = convBnRelu(x, filters, strides, seed);
  y = convBnRelu(y, filters, 1, seed, false);
  let shortcut = x;
  if (strides !== 1 || (x.shape[3] as number) !== filters) {
    // Projection shortcut (option B): 1×1 convolution + batch norm where the shape changes.
    shortcut = tf.layers
      .conv2d({ filters, kernelSize: 1, strides, padding: 'same', useBias: false, kernelInitializer: seededInit(seed) })
      .apply(x) as tf.SymbolicTensor;
    shortcut = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }).apply(shortcut) as tf.SymbolicTensor;
  }
  return tf.layers.reLU().apply(tf.layers.add().apply([y, shortcut]) as tf.SymbolicTensor) as tf.SymbolicTensor;
}

function resnet20(input: tf.SymbolicTensor, width: number, seed: { next: number }): tf.SymbolicTensor {
  let x = convBnRelu(input, width, 1, seed);
  for (const [stage, filters] of [width, width * 2, width * 4].entries()) {
    for (let block = 0; block < 3; block++) x = basicBlock(x, filters, stage > 0 && block === 0 ? 2 : 1, seed);
  }
  return x;
}

export function buildClassifier(opts: ModelOptions): Classifier {
  const width = opts.width ?? (opts.kind === 'cnn' ? 32 : 16);
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`width must be a positive integer, got ${width}`);
  const seed = { next: opts.seed >>> 0 || 1 };
  const input = tf.input({ shape: [32, 32, 3] });
  const pool = opts.inputPool ?? 1;
  const stem = pool > 1 ? (tf.layers.averagePooling2d({ poolSize: pool }).apply(input) as tf.SymbolicTensor) : input;
  const body = opts.kind === 'cnn' ? cnn(stem, width, seed) : resnet20(stem, width, seed);
  const pooled = tf.layers.globalAveragePooling2d({}).apply(body) as tf.SymbolicTensor;
  const features = tf.model({ inputs: input, outputs: pooled });
  const featureCount = pooled.shape[1] as number;
  const headKernel = tf.variable(tf.tidy(() => tf.randomUniform([featureCount, NUM_CLASSES], -1, 1, 'float32', seed.next++).mul(1 / Math.sqrt(featureCount))));
  const headBias = tf.variable(tf.zeros([NUM_CLASSES]));
  const extractorTrainable = features.trainableWeights.map((w) => w.read() as tf.Variable);
  const kernels = [...features.trainableWeights.filter((w) => /kernel/.test(w.originalName)).map((w) => w.read() as tf.Variable), headKernel];
  return { features, headKernel, headBias, trainable: [...extractorTrainable, headKernel, headBias], kernels };
}

/** Copies every weight (batch-norm statistics included) from `from` into `to`: lock-step runs start equal. */
export function copyWeights(from: Classifier, to: Classifier): void {
  to.features.setWeights(from.features.getWeights());
  to.headKernel.assign(from.headKernel);
  to.headBias.assign(from.headBias);
}

/** Pooled features → logits. */
export function head(model: Classifier, features: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => features.matMul(model.headKernel).add(model.headBias) as tf.Tensor2D);
}

export function extractFeatures(model: Classifier, images: tf.Tensor4D, training: boolean): tf.Tensor2D {
  return model.features.apply(images, { training }) as tf.Tensor2D;
}

export function disposeClassifier(model: Classifier): void {
  model.features.dispose();
  model.headKernel.dispose();
  model.headBias.dispose();
}

export function parameterCount(model: Classifier): number {
  return model.trainable.reduce((n, v) => n + v.size, 0);
}
