/**
 * Batch row copies for 0-255 pixels (flips, crops): one call of the copyRowsU8 kernel
 * (wasm/image/copy.ts) per batch, with each image's start and row stride drawn in JavaScript.
 */
import { RawBatch } from './pixels';
import { intRegion, kernels, pointerOf, withPointers } from './wasm';

/**
 * Writes `rows` rows of `rowBytes` bytes per image of `b` into the packed `dst`; `place(i)` gives
 * image i's [start byte within the image, row stride in bytes], or null to leave that image to the
 * caller (rendered some other way afterwards). Called once per image, in order.
 */
export function copyRows(
  b: RawBatch,
  dst: Uint8ClampedArray,
  rows: number,
  rowBytes: number,
  place: (i: number) => [number, number] | null,
): void {
  const params = intRegion('rows', 2 * b.n);
  for (let i = 0; i < b.n; i++) {
    const at = place(i);
    params[2 * i] = at ? at[0] : 0;
    params[2 * i + 1] = at ? at[1] : 0; // a zero stride makes the kernel skip the image
  }
  const image = b.h * b.w * b.c;
  withPointers(b.data as Uint8ClampedArray, dst, (s, d) =>
    kernels.copyRowsU8(s, d, b.n, rows, rowBytes, image, pointerOf(params)),
  );
}

const oneByte = new Uint8ClampedArray(1);

/** v as a Uint8ClampedArray stores it (rounded half to even, clamped to 0..255). */
export function toByte(v: number): number {
  oneByte[0] = v;
  return oneByte[0];
}

/**
 * Boxes painted into a batch by the eraseBoxesU8 kernel, collected image by image in draw order:
 * a constant byte, or (value null) uniform noise with one seed per box row (drawn by the transform's sample).
 */
export class BoxPainter {
  private boxes: number[] = [];
  private seeds: number[] = [];

  add(
    image: number,
    x: number,
    y: number,
    bw: number,
    bh: number,
    value: number | null,
    rowSeeds: readonly number[] = [],
  ): void {
    this.boxes.push(image, x, y, bw, bh, value === null ? -1 : toByte(value), this.seeds.length);
    if (value === null) this.seeds.push(...rowSeeds.slice(0, bh));
  }

  /** dst = b's pixels with every added box painted (one kernel call). */
  paint(b: RawBatch, dst: Uint8ClampedArray): void {
    const boxes = intRegion('boxes', this.boxes.length);
    boxes.set(this.boxes);
    const seeds = intRegion('seeds', this.seeds.length);
    seeds.set(this.seeds);
    const count = this.boxes.length / 7;
    withPointers(b.data as Uint8ClampedArray, dst, (s, d) =>
      kernels.eraseBoxesU8(s, d, b.n, b.h, b.w, b.c, pointerOf(boxes), count, pointerOf(seeds)),
    );
  }
}
