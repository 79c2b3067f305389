/**
 * Checking an ONNX export the only way that counts: run it in ONNX Runtime (`onnxruntime-node`, its
 * CPU build) and compare with tfjs on the same inputs. onnxruntime-node is a development dependency
 * of the workbook, loaded only when these functions run, so the library works without it.
 * @example
 *   const r = await checkOnnx(model, exportOnnx(model), test.xs.slice(0, 64));
 *   console.log(r.maxAbsDiff); // ~1e-6
 */
import * as tf from '@tensorflow/tfjs';
import { WorkbookError, check } from '../errors';
import { ONNX_INPUT_NAME, ONNX_OUTPUT_NAME } from './onnx-export';
import { checkArray, checkModel, checkTensor } from '../validate';

/* eslint-disable @typescript-eslint/no-explicit-any */
function loadOrt(): any {
  try {
    return require('onnxruntime-node');
  } catch (e) {
    throw new WorkbookError(
      'runOnnx',
      'onnxruntime-node',
      'not installed',
      'the onnxruntime-node package (npm install --save-dev onnxruntime-node)',
    );
  }
}

/** Runs ONNX model bytes on x (tfjs layout, float32) in ONNX Runtime; returns the output as a tensor. */
export async function runOnnx(onnxBytes: Uint8Array, x: tf.Tensor): Promise<tf.Tensor> {
  checkArray('runOnnx', 'onnxBytes', onnxBytes, { nonEmpty: false });
  checkTensor('runOnnx', 'x', x, { nonEmpty: false });
  check(
    onnxBytes instanceof Uint8Array && onnxBytes.length > 0,
    'runOnnx',
    'onnxBytes',
    typeof onnxBytes,
    'the Uint8Array from exportOnnx',
  );
  check(x instanceof tf.Tensor, 'runOnnx', 'x', typeof x, 'a tf.Tensor');
  checkTensor('runOnnx', 'x', x, { finite: true, rank: [2, 4] });
  const ort = loadOrt();
  const session = await ort.InferenceSession.create(onnxBytes);
  try {
    const feed = { [ONNX_INPUT_NAME]: new ort.Tensor('float32', Float32Array.from(x.dataSync()), x.shape) };
    const result = await session.run(feed);
    const out = result[ONNX_OUTPUT_NAME];
    return tf.tensor(out.data as Float32Array, out.dims as number[]);
  } finally {
    await session.release?.();
  }
}

export interface OnnxCheck {
  /** max |tfjs − ONNX Runtime| over all outputs. */
  maxAbsDiff: number;
  /** Fraction of rows whose argmax agrees. */
  argmaxAgreement: number;
  /** Size of the .onnx bytes. */
  bytes: number;
  examples: number;
}

/** Runs `model` in tfjs and its ONNX export in ONNX Runtime on x and compares the outputs. */
export async function checkOnnx(model: tf.LayersModel, onnxBytes: Uint8Array, x: tf.Tensor): Promise<OnnxCheck> {
  checkTensor('checkOnnx', 'x', x, { finite: true, rank: [2, 4] });
  check(
    onnxBytes instanceof Uint8Array && onnxBytes.length > 0,
    'checkOnnx',
    'onnxBytes',
    typeof onnxBytes,
    'the Uint8Array from exportOnnx',
  );
  checkModel('checkOnnx', 'model', model);
  checkArray('checkOnnx', 'onnxBytes', onnxBytes, { nonEmpty: false });
  checkTensor('checkOnnx', 'x', x, { nonEmpty: false });
  check(model instanceof tf.LayersModel, 'checkOnnx', 'model', typeof model, 'a tf.LayersModel');
  const expected = model.inputs[0].shape.slice(1);
  check(
    x instanceof tf.Tensor &&
      x.rank === expected.length + 1 &&
      x.shape.slice(1).every((d, i) => expected[i] === null || expected[i] === d),
    'checkOnnx',
    'x shape',
    x instanceof tf.Tensor ? x.shape : typeof x,
    `a batch of the model's input shape [batch, ${expected.join(', ')}]`,
  );
  const ours = model.predict(x) as tf.Tensor;
  const theirs = await runOnnx(onnxBytes, x);
  try {
    check(
      ours.shape.join() === theirs.shape.join(),
      'checkOnnx',
      'ONNX output shape',
      theirs.shape,
      `the tfjs output shape [${ours.shape}]`,
    );
    const [diff, agree] = tf.tidy(() => {
      const d = tf.max(tf.abs(tf.sub(ours, theirs)));
      const a =
        ours.rank === 2 ? tf.mean(tf.equal(tf.argMax(ours, -1), tf.argMax(theirs, -1)).toFloat()) : tf.scalar(1);
      return tf.stack([d, a]).dataSync();
    });
    return { maxAbsDiff: diff, argmaxAgreement: agree, bytes: onnxBytes.length, examples: x.shape[0] };
  } finally {
    tf.dispose([ours, theirs]);
  }
}
