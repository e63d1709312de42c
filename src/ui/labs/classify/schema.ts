// The Classification lab's settings: one schema drives the controls and the URL (#/classify?…).
import { DEFAULT_SETTINGS, RUN_SLOT_KINDS } from '../../../classify/config.ts';
import { DROPOUT_RANGE, ERA_H0_RANGE, LABEL_SMOOTHING_RANGE } from '../../../classify/regularizers.ts';
import { defineSchema } from '../../state/schema.ts';

/** Keeps H₀ strictly inside ERA's open valid interval for 10 classes. */
const H0_MARGIN = 0.005;
const D = DEFAULT_SETTINGS;

const runSlot = (n: number, def: string) =>
  ({
    kind: 'enum',
    name: `run${n}`,
    label: `Run ${n}`,
    help: 'Regularizer of this run (off = no run). All runs share the seed, initial weights and batch order.',
    options: RUN_SLOT_KINDS,
    default: def,
  }) as const;

export const classifySchema = defineSchema([
  { kind: 'enum', name: 'data', label: 'Data', help: 'synthetic: generated shapes and textures (not CIFAR-10); cifar10: the real set (served files or a picked archive).', options: ['synthetic', 'cifar10'], default: D.data },
  { kind: 'enum', name: 'model', label: 'Model', help: 'A small fast CNN, or a CIFAR ResNet-20 (slower), both with batch norm.', options: ['cnn', 'resnet20'], default: D.model },
  runSlot(1, D.run1),
  runSlot(2, D.run2),
  runSlot(3, D.run3),
  runSlot(4, D.run4),
  {
    kind: 'number',
    name: 'h0',
    label: 'H₀ (ERA target entropy)',
    ascii: 'H0',
    help: `ERA keeps every prediction's entropy at or above H₀ (nats). Valid for 10 classes: (${ERA_H0_RANGE.min.toFixed(4)}, ${ERA_H0_RANGE.max.toFixed(4)}).`,
    default: D.h0,
    min: ERA_H0_RANGE.min + H0_MARGIN,
    max: ERA_H0_RANGE.max - H0_MARGIN,
    step: 0.01,
  },
  { kind: 'number', name: 'ls', label: 'ε (label smoothing)', ascii: 'epsilon', help: 'Targets become (1−ε)·one-hot + ε/10.', default: D.ls, min: LABEL_SMOOTHING_RANGE.min, max: LABEL_SMOOTHING_RANGE.max, step: 0.01 },
  { kind: 'number', name: 'dropout', label: 'p (dropout)', ascii: 'dropout p', help: 'Dropout probability on the features entering the classifier head.', default: D.dropout, min: DROPOUT_RANGE.min, max: DROPOUT_RANGE.max, step: 0.01 },
  { kind: 'enum', name: 'optimizer', label: 'Optimizer', help: 'SGD with momentum 0.9, or Adam.', options: ['sgd', 'adam'], default: D.optimizer },
  { kind: 'number', name: 'lr', label: 'Learning rate', help: 'Base learning rate (too high and a run diverges; it stops and is marked).', default: D.lr, min: 0.0001, max: 2, step: 0.0001 },
  { kind: 'enum', name: 'schedule', label: 'Schedule', help: 'constant, or cosine decay to 0 over all epochs.', options: ['constant', 'cosine'], default: D.schedule },
  { kind: 'int', name: 'batch', label: 'Batch size', help: 'Images per step (shared by all runs).', default: D.batch, min: 8, max: 512, step: 8 },
  { kind: 'int', name: 'epochs', label: 'Epochs', help: 'Passes over the training images.', default: D.epochs, min: 1, max: 200, step: 1 },
  { kind: 'bool', name: 'augment', label: 'Augment (crop + flip)', help: 'Random 32×32 crop of a 4-pixel-padded image and random horizontal flip, on the GPU.', default: D.augment },
  { kind: 'number', name: 'weightDecay', label: 'Weight decay', help: 'L2 penalty on convolution and dense kernels.', default: D.weightDecay, min: 0, max: 0.01, step: 0.0001, advanced: true },
  { kind: 'int', name: 'seed', label: 'Seed', help: 'Seeds the data (synthetic), the initial weights, the batch order and the augmentation.', default: D.seed, min: 0, max: 999999, step: 1, advanced: true },
  { kind: 'int', name: 'trainSize', label: 'Training images', help: 'Synthetic: generated; CIFAR-10: the first N of 50,000.', default: D.trainSize, min: 64, max: 50000, step: 64, advanced: true },
  { kind: 'int', name: 'testSize', label: 'Test images', help: 'Synthetic: generated; CIFAR-10: the first N of 10,000.', default: D.testSize, min: 50, max: 10000, step: 50, advanced: true },
  { kind: 'int', name: 'width', label: 'Width', help: 'Channels of the first stage (CNN default 32, ResNet-20 16).', default: D.width, min: 4, max: 64, step: 4, advanced: true },
  { kind: 'int', name: 'evalEvery', label: 'Evaluate every (steps)', help: 'How often the test set is evaluated (also at every epoch end).', default: D.evalEvery, min: 1, max: 1000, step: 1, advanced: true },
]);
