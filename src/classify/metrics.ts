// Evaluation statistics computed on the CPU from predicted probabilities (read back once per chunk):
// accuracy, predictive entropy (nats), calibration (ECE + reliability bins) and the confusion matrix.

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean accuracy and mean confidence of the examples whose top probability falls in [lo, hi). */
  accuracy: number;
  confidence: number;
}

export interface PredictionSummary {
  count: number;
  accuracy: number;
  /** Mean negative log-likelihood of the true label. */
  nll: number;
  meanEntropy: number;
  minEntropy: number;
  maxEntropy: number;
  entropies: Float64Array;
  predicted: Uint8Array;
  confidence: Float32Array;
  ece: number;
  reliability: ReliabilityBin[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
}

export function summarizePredictions(probs: Float32Array, labels: Uint8Array, numClasses: number, bins = 10): PredictionSummary {
  const n = labels.length;
  if (probs.length !== n * numClasses) throw new RangeError(`probs has ${probs.length} values, expected ${n}×${numClasses}`);
  const entropies = new Float64Array(n);
  const predicted = new Uint8Array(n);
  const confidence = new Float32Array(n);
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  const binCount = new Array<number>(bins).fill(0);
  const binCorrect = new Array<number>(bins).fill(0);
  const binConf = new Array<number>(bins).fill(0);
  let correct = 0;
  let nll = 0;
  let sumH = 0;
  let minH = Infinity;
  let maxH = -Infinity;
  for (let i = 0; i < n; i++) {
    let h = 0;
    let best = 0;
    for (let k = 0; k < numClasses; k++) {
      const p = probs[i * numClasses + k];
      if (p > 0) h -= p * Math.log(p);
      else if (!(p === 0)) h = NaN; // NaN probabilities (a diverged model) give a NaN entropy
      if (p > probs[i * numClasses + best]) best = k;
    }
    entropies[i] = h;
    sumH += h;
    minH = Math.min(minH, h);
    maxH = Math.max(maxH, h);
    predicted[i] = best;
    const conf = probs[i * numClasses + best];
    confidence[i] = conf;
    const ok = best === labels[i];
    if (ok) correct++;
    nll -= Math.log(Math.max(probs[i * numClasses + labels[i]], 1e-30));
    confusion[labels[i]][best]++;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(conf * bins)));
    binCount[b]++;
    binCorrect[b] += ok ? 1 : 0;
    binConf[b] += conf;
  }
  let ece = 0;
  const reliability: ReliabilityBin[] = binCount.map((c, b) => {
    const accuracy = c ? binCorrect[b] / c : 0;
    const conf = c ? binConf[b] / c : 0;
    ece += (c / Math.max(1, n)) * Math.abs(accuracy - conf);
    return { lo: b / bins, hi: (b + 1) / bins, count: c, accuracy, confidence: conf };
  });
  const anyNaN = entropies.some((h) => Number.isNaN(h));
  return {
    count: n,
    accuracy: n ? correct / n : 0,
    nll: n ? nll / n : 0,
    meanEntropy: anyNaN ? NaN : n ? sumH / n : 0,
    minEntropy: anyNaN ? NaN : minH,
    maxEntropy: anyNaN ? NaN : maxH,
    entropies,
    predicted,
    confidence,
    ece,
    reliability,
    confusion,
  };
}

/** Counts of `values` in `bins` equal-width bins over [lo, hi] (values outside go to the end bins). */
export function histogram(values: ArrayLike<number>, bins: number, lo: number, hi: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]++;
  }
  return counts;
}

export { decimate } from '../util/decimate.ts';
