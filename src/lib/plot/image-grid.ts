/**
 * Image grids (augmentation galleries): images are tiled into one PNG mosaic shown as a plotly
 * `image` trace, with a caption under each tile.
 */
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { check, checkInt } from '../errors';
import { Figure } from './figures';
import { checkArray, checkObject, checkString } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const IMAGE_GRID_OPTIONS = defineOptions('imageGrid', {
  /** Tiles per row (default: up to 8). */
  cols: undefined as number | undefined,
  /** One caption per image. */
  captions: undefined as string[] | undefined,
  title: undefined as string | undefined,
  /** Display size of one tile in pixels (images are scaled up with nearest neighbour). */
  tileSize: undefined as number | undefined,
});

export type ImageGridOptions = OptionsOf<typeof IMAGE_GRID_OPTIONS>;

/** Reads [H, W, C] (C = 1 or 3) float [0,1] or 0-255 into RGBA bytes. */
function toRgba(img: tf.Tensor3D): { w: number; h: number; rgba: Uint8Array } {
  const [h, w, c] = img.shape;
  check(c === 1 || c === 3, 'imageGrid', 'channels', c, '1 or 3');
  const v = img.dataSync();
  const scale = img.dtype === 'float32' && Math.max(...Array.from(v.slice(0, 4096))) <= 1.0001 ? 255 : 1;
  const rgba = new Uint8Array(w * h * 4);
  for (let p = 0; p < w * h; p++) {
    for (let k = 0; k < 3; k++)
      rgba[p * 4 + k] = Math.max(0, Math.min(255, Math.round(v[p * c + (c === 3 ? k : 0)] * scale)));
    rgba[p * 4 + 3] = 255;
  }
  return { w, h, rgba };
}

/** A grid figure from a batch [N,H,W,C] or a list of [H,W,C] images. */
export function imageGrid(images: tf.Tensor4D | tf.Tensor3D[], options: ImageGridOptions = {}): Figure {
  options = IMAGE_GRID_OPTIONS.read(options);
  check(
    images instanceof tf.Tensor
      ? images.rank === 4 && images.shape[0]! > 0
      : Array.isArray(images) && images.length > 0 && images.every((t) => t instanceof tf.Tensor && t.rank === 3),
    'imageGrid',
    'images',
    images instanceof tf.Tensor ? `shape [${images.shape}]` : typeof images,
    'a [N,H,W,C] tensor or a non-empty array of [H,W,C] tensors',
  );
  const list = Array.isArray(images) ? images : tf.unstack(images).map((t) => t as tf.Tensor3D);
  check(list.length > 0, 'imageGrid', 'images', 0, 'at least one image');
  const tiles = list.map(toRgba);
  if (!Array.isArray(images)) tf.dispose(list);
  if (options.cols !== undefined) checkInt('imageGrid', 'cols', options.cols, 1, 1000);
  if (options.tileSize !== undefined) checkInt('imageGrid', 'tileSize', options.tileSize, 8, 1024);
  if (options.captions !== undefined) checkArray('imageGrid', 'captions', options.captions, { nonEmpty: false });
  if (options.title !== undefined) checkString('imageGrid', 'title', options.title, false);
  const cols = options.cols ?? Math.min(8, tiles.length);
  const rows = Math.ceil(tiles.length / cols);
  const tw = Math.max(...tiles.map((t) => t.w));
  const th = Math.max(...tiles.map((t) => t.h));
  const tile = options.tileSize ?? Math.max(64, Math.min(160, tw * 3));
  const zoom = tile / tw;
  const gap = 2;
  // Captions sit in a band under each row, tall enough for 10 px text at display size.
  const band = options.captions?.length ? Math.ceil(14 / zoom) + gap : gap;
  const png = new PNG({ width: cols * (tw + gap), height: rows * (th + band) });
  png.data.fill(255);
  tiles.forEach((t, i) => {
    const ox = (i % cols) * (tw + gap);
    const oy = Math.floor(i / cols) * (th + band);
    for (let y = 0; y < t.h; y++)
      for (let x = 0; x < t.w; x++) {
        const d = ((oy + y) * png.width + ox + x) * 4;
        for (let k = 0; k < 4; k++) png.data[d + k] = t.rgba[(y * t.w + x) * 4 + k];
      }
  });
  const source = 'data:image/png;base64,' + PNG.sync.write(png).toString('base64');
  const annotations = (options.captions ?? []).slice(0, tiles.length).map((text, i) => ({
    x: (i % cols) * (tw + gap) + tw / 2,
    y: Math.floor(i / cols) * (th + band) + th + 0.5,
    text,
    showarrow: false,
    yanchor: 'top',
    font: { size: 10 },
    bgcolor: 'rgba(255,255,255,0.7)',
  }));
  return {
    data: [{ type: 'image', source, hoverinfo: 'skip' }],
    layout: {
      title: options.title ? { text: options.title } : undefined,
      width: Math.round(png.width * zoom) + 40,
      height: Math.round(png.height * zoom) + (options.title ? 70 : 30),
      margin: { t: options.title ? 48 : 10, r: 10, b: 20, l: 10 },
      xaxis: { visible: false },
      yaxis: { visible: false },
      annotations,
    },
  };
}
