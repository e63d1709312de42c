// TF.js's CPU backend computes a convolution's filter gradient (Conv2DBackpropFilter) with a loop order
// that is ~50× slower than its forward pass, which makes CPU training (the headless runner's
// `--backend cpu`, the tests) crawl. This replaces that one CPU kernel with a direct NHWC loop of the
// same arithmetic. Other backends are untouched.
import * as tf from '@tensorflow/tfjs';

type KernelFunc = tf.KernelConfig['kernelFunc'];

interface CpuBackendLike {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo;
}

interface FilterGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

export const fastConv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as FilterGradAttrs;
  if (dataFormat !== 'NHWC') throw new Error('fastConv2DBackpropFilter supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const cpu = backend as unknown as CpuBackendLike;
  const xv = cpu.data.get(x.dataId).values;
  const dyv = cpu.data.get(dy.dataId).values;
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dw = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyOff = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw - left;
            if (iw < 0 || iw >= inWidth) continue;
            const xOff = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const wBase = (kh * filterWidth + kw) * inChannels * outChannels;
            for (let ci = 0; ci < inChannels; ci++) {
              const xval = xv[xOff + ci];
              if (xval === 0) continue;
              const wOff = wBase + ci * outChannels;
              for (let co = 0; co < outChannels; co++) dw[wOff + co] += xval * dyv[dyOff + co];
            }
          }
        }
      }
    }
  }
  return cpu.makeTensorInfo(filterShape, 'float32', dw);
};

let installed = false;

/** Swaps in the fast filter gradient on the 'cpu' backend (idempotent). Returns the kernel it replaced. */
export function installFastCpuConvFilterGrad(): KernelFunc | undefined {
  const previous = tf.getKernel('Conv2DBackpropFilter', 'cpu');
  if (installed) return previous?.kernelFunc;
  if (previous) tf.unregisterKernel('Conv2DBackpropFilter', 'cpu');
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', kernelFunc: fastConv2DBackpropFilter });
  installed = true;
  return previous?.kernelFunc;
}
