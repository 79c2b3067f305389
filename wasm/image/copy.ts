// Copy-bound kernels on 0-255 bytes (see wasm/image.ts for the conventions): flips, crops, box
// fills and CutMix's box paste. Each works on a whole batch in one call, so the per-call cost of
// crossing from JavaScript is paid once per batch rather than per image or per row; per-image
// random parameters arrive as little arrays of i32 in this memory, drawn by the JavaScript side.

/**
 * Copies `bytes` bytes. Rows of a few hundred bytes are the common case, where an inlined SIMD
 * loop beats memory.copy (which calls out of the compiled code every time); long runs use it.
 */
// @ts-ignore: decorator
@inline function copyBytes(dst: usize, src: usize, bytes: i32): void {
  if (bytes >= 4096) {
    memory.copy(dst, src, bytes);
    return;
  }
  let i = 0;
  for (; i + 64 <= bytes; i += 64) {
    const a = v128.load(src + i), b = v128.load(src + i, 16), c = v128.load(src + i, 32), d = v128.load(src + i, 48);
    v128.store(dst + i, a);
    v128.store(dst + i, b, 16);
    v128.store(dst + i, c, 32);
    v128.store(dst + i, d, 48);
  }
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, v128.load(src + i));
  if (i < bytes && bytes >= 16) v128.store(dst + bytes - 16, v128.load(src + bytes - 16)); // overlapping last block
  else copyShort(dst + i, src + i, bytes - i);
}

/** Copies fewer than 16 bytes with at most four scalar moves (8, 4, 2, 1 bytes), not a byte loop. */
// @ts-ignore: decorator
@inline function copyShort(dst: usize, src: usize, bytes: i32): void {
  if (bytes & 8) { store<u64>(dst, load<u64>(src)); dst += 8; src += 8; }
  if (bytes & 4) { store<u32>(dst, load<u32>(src)); dst += 4; src += 4; }
  if (bytes & 2) { store<u16>(dst, load<u16>(src)); dst += 2; src += 2; }
  if (bytes & 1) store<u8>(dst, load<u8>(src));
}

/** Mirrors one row of w pixels of c bytes from src into dst (distinct rows). */
function flipRow(src: usize, dst: usize, w: i32, c: i32): void {
  const bytes = w * c;
  let o = 0; // output byte within the row
  // Each step loads the 16 source bytes that end where this output block's source starts and
  // reorders them with i8x16.swizzle: with the mask in a register that is one instruction, where
  // i8x16.shuffle rebuilt its constant mask every step (measured about 30% slower).
  if (c == 1) {
    const mask = i8x16(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    for (; o + 16 <= bytes; o += 16) v128.store(dst + o, i8x16.swizzle(v128.load(src + bytes - o - 16), mask));
  } else if (c == 3) {
    // 5 pixels (15 bytes) per swizzle: the load starts one byte early so that it never reads past
    // the row, and the 16th stored byte is overwritten by the next store; three independent
    // swizzles per step (measured faster than one: the loop's own work is no longer in the way)
    const mask = i8x16(13, 14, 15, 10, 11, 12, 7, 8, 9, 4, 5, 6, 1, 2, 3, 0);
    for (; o + 46 <= bytes; o += 45) {
      const from = src + bytes - o - 16;
      const a = i8x16.swizzle(v128.load(from), mask), b = i8x16.swizzle(v128.load(from - 15), mask), d = i8x16.swizzle(v128.load(from - 30), mask);
      v128.store(dst + o, a);
      v128.store(dst + o, b, 15);
      v128.store(dst + o, d, 30);
    }
    for (; o + 16 <= bytes; o += 15) v128.store(dst + o, i8x16.swizzle(v128.load(src + bytes - o - 16), mask));
  } else if (c == 4) {
    const mask = i8x16(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    for (; o + 16 <= bytes; o += 16) v128.store(dst + o, i8x16.swizzle(v128.load(src + bytes - o - 16), mask));
  }
  // the remaining pixels (all of them for other channel counts) one byte at a time
  for (let x = o / c; x < w; x++) {
    const to = dst + x * c, from = src + (w - 1 - x) * c;
    for (let k = 0; k < c; k++) store<u8>(to + k, load<u8>(from + k));
  }
}

/** n images h×w×c: image i is mirrored left ↔ right when flags[i] (i32) is non-zero, else copied. */
export function flipHorizontalU8(src: usize, dst: usize, n: i32, h: i32, w: i32, c: i32, flags: usize): void {
  const row = w * c, image = h * row;
  for (let i = 0; i < n; i++) {
    const s = src + <usize>i * image, d = dst + <usize>i * image;
    if (load<i32>(flags + (<usize>i << 2)) == 0) {
      if (s != d) memory.copy(d, s, image);
      continue;
    }
    for (let y = 0; y < h; y++) flipRow(s + y * row, d + y * row, w, c);
  }
}

/**
 * For each of n images, `rows` rows of `rowBytes` bytes into a packed output image: image i reads
 * from src + i·srcImage + params[2i] with a row stride of params[2i+1] bytes (negative for a
 * vertical flip). A zero stride skips the image (the caller renders it another way).
 */
export function copyRowsU8(src: usize, dst: usize, n: i32, rows: i32, rowBytes: i32, srcImage: i32, params: usize): void {
  const dstImage = rows * rowBytes;
  for (let i = 0; i < n; i++) {
    const offset = load<i32>(params + (<usize>i << 3)), stride = load<i32>(params + (<usize>i << 3), 4);
    if (stride == 0) continue;
    const s = src + <usize>i * srcImage + offset, d = dst + <usize>i * dstImage;
    if (stride == rowBytes) {
      copyBytes(d, s, dstImage); // contiguous rows: one copy
      continue;
    }
    if (stride < 0) {
      // a flip's source and destination rows move in opposite directions: here the host's memmove
      // (wide vectors, and its own care with addresses that alias 4 KiB apart) measured about 15%
      // faster than the inlined loop, which in turn wins for the same-direction rows of a crop
      for (let y = 0; y < rows; y++) memory.copy(d + y * rowBytes, s + y * stride, rowBytes);
      continue;
    }
    for (let y = 0; y < rows; y++) copyBytes(d + y * rowBytes, s + y * stride, rowBytes);
  }
}

/**
 * Copies n images of h×w×c (skipped when src == dst) and paints boxes into them. Each box is seven
 * i32: image, x, y, width, height, value, seedAt. A value of 0-255 fills the box; -1 fills row r
 * of the box with uniform noise from xorshift32 seeded by seeds[seedAt + r] (i32), exactly as
 * src/image-aug/core/noise.ts fillUniform followed by a store into a Uint8ClampedArray does.
 * Boxes must be ordered by image.
 */
export function eraseBoxesU8(src: usize, dst: usize, n: i32, h: i32, w: i32, c: i32, boxes: usize, count: i32, seeds: usize): void {
  const row = w * c, image = h * row;
  let b = 0;
  for (let i = 0; i < n; i++) {
    const s = src + <usize>i * image, d = dst + <usize>i * image;
    let end = b;
    while (end < count && load<i32>(boxes + <usize>end * 28) == i) end++;
    if (end == b + 1 && s != d) {
      paintOneBox(s, d, h, row, c, boxes + <usize>b * 28, seeds); // the common case: one pass
    } else {
      if (s != d) memory.copy(d, s, image);
      for (let k = b; k < end; k++) paintBox(d, row, c, boxes + <usize>k * 28, seeds);
    }
    b = end;
  }
}

/**
 * Image s → d with one box painted, writing every output byte once and in order: the rows above
 * and below the box as two blocks, each box row as copy, paint, copy (about 10-15% less memory
 * traffic than copying the whole image and painting over it).
 */
function paintOneBox(s: usize, d: usize, h: i32, row: i32, c: i32, box: usize, seeds: usize): void {
  const y = load<i32>(box, 8), bh = load<i32>(box, 16);
  const left = load<i32>(box, 4) * c, width = load<i32>(box, 12) * c, right = left + width;
  memory.copy(d, s, y * row);
  for (let r = 0; r < bh; r++) {
    const at = (y + r) * row;
    copyBytes(d + at, s + at, left);
    paintRow(d + at + left, width, box, r, seeds);
    copyBytes(d + at + right, s + at + right, row - right);
  }
  memory.copy(d + (y + bh) * row, s + (y + bh) * row, (h - y - bh) * row);
}

/** Paints one box (see eraseBoxesU8) into image d. */
function paintBox(d: usize, row: i32, c: i32, box: usize, seeds: usize): void {
  const x = load<i32>(box, 4), y = load<i32>(box, 8), bw = load<i32>(box, 12), bh = load<i32>(box, 16);
  for (let r = 0; r < bh; r++) paintRow(d + (y + r) * row + x * c, bw * c, box, r, seeds);
}

/** Row r of a box: its constant value, or noise from that row's seed. */
// @ts-ignore: decorator
@inline function paintRow(at: usize, bytes: i32, box: usize, r: i32, seeds: usize): void {
  const value = load<i32>(box, 20);
  if (value >= 0) memory.fill(at, <u8>value, bytes);
  else fillNoiseRow(at, bytes, load<i32>(seeds + (<usize>(load<i32>(box, 24) + r) << 2)));
}

/** `length` bytes of round(255·u) for xorshift32 uniforms u rounded to f32 (see eraseBoxesU8). */
function fillNoiseRow(at: usize, length: i32, seed: i32): void {
  let s = seed | 1;
  for (let k = 0; k < length; k++) {
    s ^= s << 13;
    s ^= <i32>(<u32>s >> 17);
    s ^= s << 5;
    const u = <f64>(<f32>(<f64>(<u32>s) / 4294967296.0));
    store<u8>(at + k, <u8>nearest(u * 255.0)); // u < 1 after rounding only to ≤ 1: no clamp needed
  }
}

/**
 * CutMix's paste: image i of dst = image i of src with the box (boxRows rows of boxBytes bytes
 * starting boxOffset bytes into the image) taken from image perm[i] (i32) of src. src ≠ dst.
 * Each output byte is written once, in order (rows above the box, box rows as own/pasted/own,
 * rows below), rather than copying the whole image and pasting over it.
 */
/** Images up to this many bytes take cutMixU8's whole-image-then-box path. */
const SMALL_IMAGE = 4096;

export function cutMixU8(src: usize, dst: usize, n: i32, image: i32, rowBytes: i32, perm: usize, boxOffset: i32, boxRows: i32, boxBytes: i32): void {
  const top = boxOffset - boxOffset % rowBytes; // start of the box's first row
  const left = boxOffset - top, right = left + boxBytes;
  const bottom = top + boxRows * rowBytes;
  for (let i = 0; i < n; i++) {
    const s = src + <usize>i * image, d = dst + <usize>i * image;
    const from = src + <usize>load<i32>(perm + (<usize>i << 2)) * image;
    if (image <= SMALL_IMAGE) {
      // small images (MNIST-sized) sit in L1: copying the whole image in 16-byte blocks and then
      // the box rows over it is cheaper than three short, partly scalar copies per box row
      copyBytes(d, s, image);
      for (let at = top + left; at < bottom; at += rowBytes) copyBytes(d + at, from + at, boxBytes);
      continue;
    }
    memory.copy(d, s, top);
    for (let at = top; at < bottom; at += rowBytes) {
      copyBytes(d + at, s + at, left);
      copyBytes(d + at + left, from + at + left, boxBytes);
      copyBytes(d + at + right, s + at + right, rowBytes - right);
    }
    memory.copy(d + bottom, s + bottom, image - bottom);
  }
}
