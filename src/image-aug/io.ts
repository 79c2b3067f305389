/**
 * Image files ↔ tensors, so users can augment their own pictures: PNG through pngjs and JPEG
 * through jpeg-js (both pure JavaScript, no native build). Decoded images are [H, W, C] 'int32'
 * 0-255 tensors (or float32 0..1 with dtype 'float32').
 */
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import * as jpeg from 'jpeg-js';
import { check, checkOneOf, checkRange } from '../lib/errors';
import { checkArray, checkNumber, checkString, checkTensor } from '../lib/validate';
import { OptionsOf, defineOptions } from '../lib/define-options';

const DECODE_OPTIONS = defineOptions('decodeImage', {
  /** 'int32' (0-255, default) or 'float32' (0..1). */
  dtype: undefined as 'int32' | 'float32' | undefined,
  /** 3 = RGB (default), 1 = grey (BT.601 luma), 4 = RGBA. */
  channels: undefined as 1 | 3 | 4 | undefined,
});

export type DecodeOptions = OptionsOf<typeof DECODE_OPTIONS>;

const isPng = (b: Uint8Array) => b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
const isJpeg = (b: Uint8Array) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8;

/** Decodes PNG or JPEG bytes (format detected from the signature) into an image tensor. */
export function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): tf.Tensor3D {
  options = DECODE_OPTIONS.read(options);
  checkArray('decodeImage', 'bytes', bytes, { nonEmpty: false });
  const { dtype = 'int32', channels = 3 } = options;
  check(bytes instanceof Uint8Array, 'decodeImage', 'bytes', typeof bytes, 'a Uint8Array or Buffer');
  checkOneOf('decodeImage', 'dtype', dtype, ['int32', 'float32'] as const);
  checkOneOf('decodeImage', 'channels', channels, [1, 3, 4] as const);
  check(
    isPng(bytes) || isJpeg(bytes),
    'decodeImage',
    'bytes',
    `${bytes.length} bytes starting ${Array.from(bytes.slice(0, 4)).join(',')}`,
    'PNG or JPEG data',
  );
  const { width, height, data } = isPng(bytes)
    ? PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    : jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  const out =
    dtype === 'int32' ? new Int32Array(width * height * channels) : new Float32Array(width * height * channels);
  const scale = dtype === 'int32' ? 1 : 1 / 255;
  for (let p = 0; p < width * height; p++) {
    const r = data[p * 4],
      g = data[p * 4 + 1],
      b = data[p * 4 + 2];
    if (channels === 1)
      out[p] =
        (dtype === 'int32' ? Math.round(0.299 * r + 0.587 * g + 0.114 * b) : 0.299 * r + 0.587 * g + 0.114 * b) * scale;
    else for (let k = 0; k < channels; k++) out[p * channels + k] = data[p * 4 + k] * scale;
  }
  return tf.tensor3d(out, [height, width, channels], dtype);
}

/** Reads a .png / .jpg file into an image tensor. */
export function readImage(path: string, options: DecodeOptions = {}): tf.Tensor3D {
  options = DECODE_OPTIONS.read(options, 'readImage');
  checkString('readImage', 'path', path, false);
  check(
    typeof path === 'string' && fs.existsSync(path) && fs.statSync(path).isFile(),
    'readImage',
    'path',
    path,
    'an existing PNG or JPEG file (not a directory)',
  );
  return decodeImage(fs.readFileSync(path), options);
}

/** An image tensor → RGBA bytes for the encoders (float 0..1 and int 0-255 accepted, 1/3/4 channels). */
function toRgba(image: tf.Tensor, where: string): { width: number; height: number; data: Buffer } {
  check(
    image instanceof tf.Tensor && image.rank === 3,
    where,
    'image shape',
    image instanceof tf.Tensor ? image.shape : typeof image,
    '[H, W, C]',
  );
  const [height, width, c] = image.shape;
  check(c === 1 || c === 3 || c === 4, where, 'channels', c, '1, 3 or 4');
  const v = image.dataSync();
  const scale = image.dtype === 'float32' ? 255 : 1;
  const data = Buffer.alloc(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let k = 0; k < 3; k++)
      data[p * 4 + k] = Math.max(0, Math.min(255, Math.round(v[p * c + (c === 1 ? 0 : k)] * scale)));
    data[p * 4 + 3] = c === 4 ? Math.max(0, Math.min(255, Math.round(v[p * 4 + 3] * scale))) : 255;
  }
  return { width, height, data };
}

/** Encodes an image tensor as PNG bytes (lossless). */
export function encodePng(image: tf.Tensor): Buffer {
  checkTensor('encodePng', 'image', image);
  const { width, height, data } = toRgba(image, 'encodePng');
  const png = new PNG({ width, height });
  data.copy(png.data);
  return PNG.sync.write(png);
}

/** Encodes an image tensor as JPEG bytes; quality 1-100 (default 90). */
export function encodeJpeg(image: tf.Tensor, quality = 90): Buffer {
  checkTensor('encodeJpeg', 'image', image);
  if (quality !== undefined) checkNumber('encodeJpeg', 'quality', quality);
  checkRange('encodeJpeg', 'quality', quality, 1, 100);
  return jpeg.encode(toRgba(image, 'encodeJpeg'), quality).data;
}

/** Writes an image tensor to a .png or .jpg/.jpeg file (format from the extension). */
export function writeImage(path: string, image: tf.Tensor, quality = 90): void {
  checkString('writeImage', 'path', path, false);
  checkTensor('writeImage', 'image', image);
  if (quality !== undefined) checkNumber('writeImage', 'quality', quality);
  const ext = (path.split('.').pop() ?? '').toLowerCase();
  checkOneOf('writeImage', 'path extension', ext, ['png', 'jpg', 'jpeg']);
  fs.writeFileSync(path, ext === 'png' ? encodePng(image) : encodeJpeg(image, quality));
}
