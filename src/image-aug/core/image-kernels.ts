/**
 * The typed binding of wasm/image.ts: every kernel the module exports, with its arguments, where it
 * is written (wasm/image/<file>.ts) and the one place in src/image-aug that calls it. Pointers are
 * byte offsets into the module's own memory (managed by ./wasm.ts); sizes are in bytes unless named
 * otherwise. A kernel added to wasm/image/ gets one entry here, or the compiler rejects its call.
 */
export interface ImageKernels {
  /** First 64-byte aligned offset above the module's static data. wasm/image.ts · core/wasm.ts */
  heapBase(): number;
  /** Whether the relaxed-SIMD build is running (1) or the SIMD128 one (0). wasm/image/matrix-q15.ts · core/color.ts */
  relaxedSimd(): number;

  // Colour: wasm/image/color.ts and matrix-q15.ts · core/color.ts (Brightness, Contrast, Saturation, Hue)
  /** dst = src + offset, saturating. */
  offsetU8(src: number, dst: number, length: number, offset: number): void;
  /** dst = clamp(round(a·src + b)) with aq = round(a·2^(8+k)), bq = round(b·2^k) + 2^(k−1) (16-bit fixed point). */
  linearU8(src: number, dst: number, length: number, aq: number, bq: number, k: number): void;
  /** out[p] (u32) = Σ src[i] over i ≡ p (mod 48): column sums of 48-byte rows, folded into channels by the caller. */
  blockSumsU8(src: number, length: number, out: number): void;
  /** RGB pixels × a 3×3 matrix: six i16x8 of coefficients at `coef`, in units of 2^−11 (MATRIX_BITS). */
  matrix3U8(src: number, dst: number, pixels: number, coef: number): void;
  /** The same with q15 coefficients (relaxed SIMD's dot products), `k` fraction bits. */
  matrix3U8Q15(src: number, dst: number, pixels: number, coef: number, k: number): void;

  // Geometry: wasm/image/warp.ts and resize.ts · core/warp-u8.ts (Rotate, Affine, Translate, RandomScale, crops, Resize)
  /** Bilinear affine warp, inverse map (a b cx; d e cy), border CONSTANT 0 / REFLECT 1 / EDGE 2, one kernel per channel count. */
  warpAffineU8c1(
    src: number,
    h: number,
    w: number,
    dst: number,
    oh: number,
    ow: number,
    a: number,
    b: number,
    cx: number,
    d: number,
    e: number,
    cy: number,
    border: number,
    fill: number,
  ): void;
  warpAffineU8c2(
    src: number,
    h: number,
    w: number,
    dst: number,
    oh: number,
    ow: number,
    a: number,
    b: number,
    cx: number,
    d: number,
    e: number,
    cy: number,
    border: number,
    fill: number,
  ): void;
  warpAffineU8c3(
    src: number,
    h: number,
    w: number,
    dst: number,
    oh: number,
    ow: number,
    a: number,
    b: number,
    cx: number,
    d: number,
    e: number,
    cy: number,
    border: number,
    fill: number,
  ): void;
  warpAffineU8c4(
    src: number,
    h: number,
    w: number,
    dst: number,
    oh: number,
    ow: number,
    a: number,
    b: number,
    cx: number,
    d: number,
    e: number,
    cy: number,
    border: number,
    fill: number,
  ): void;
  /** Scratch bytes resizeU8cN needs for an output row of width ow. */
  resizeScratchBytes(ow: number, c: number): number;
  /** Separable bilinear resize of an axis-aligned map (x = a·u + cx, y = e·v + cy), one kernel per channel count. */
  resizeU8c1(
    src: number,
    h: number,
    w: number,
    dst: number,
    oh: number,
    ow: number,
    a: number,
    cx: number,
    e: number,
    cy: number,
    mode: number,
    fill: number,
    scratch: number,
  ): void;
  resizeU8c2(
    src: number,
    h: number,
    w: number,
    dst: number,
    oh: number,
    ow: number,
    a: number,
    cx: number,
    e: number,
    cy: number,
    mode: number,
    fill: number,
    scratch: number,
  ): void;
  resizeU8c3(
    src: number,
    h: number,
    w: number,
    dst: number,
    oh: number,
    ow: number,
    a: number,
    cx: number,
    e: number,
    cy: number,
    mode: number,
    fill: number,
    scratch: number,
  ): void;
  resizeU8c4(
    src: number,
    h: number,
    w: number,
    dst: number,
    oh: number,
    ow: number,
    a: number,
    cx: number,
    e: number,
    cy: number,
    mode: number,
    fill: number,
    scratch: number,
  ): void;

  // Blur: wasm/image/blur.ts (blur-pairs.ts, blur-q15.ts) · transforms/gaussian-blur.ts
  /** Scratch bytes gaussianBlurU8 needs (one padded row of 16-bit values). */
  gaussianBlurScratch(w: number, c: number, r: number): number;
  /** Separable Gaussian blur with q15 taps (centre first, r + 1 of them) at `taps`, edges repeated. */
  gaussianBlurU8(
    src: number,
    dst: number,
    h: number,
    w: number,
    c: number,
    taps: number,
    r: number,
    work: number,
  ): void;

  // Mixing: wasm/image/mix.ts · transforms/mixup.ts; wasm/image/copy.ts · transforms/cutmix.ts
  /** dst = round((a·l + b·(256 − l)) / 256) for l in [1, 255] (λ in 8.8 fixed point). */
  blendU8(a: number, b: number, dst: number, length: number, l: number): void;
  /** Image i = image i with the box (boxOffset, boxRows × boxBytes) of image perm[i] pasted in. */
  cutMixU8(
    src: number,
    dst: number,
    n: number,
    image: number,
    rowBytes: number,
    perm: number,
    boxOffset: number,
    boxRows: number,
    boxBytes: number,
  ): void;

  // Noise: wasm/image/noise.ts · core/noise.ts (GaussianNoise, SaltAndPepper)
  /** dst = src + mu + sd·N(0, 1), xorshift lanes seeded by `seed`; 64 bytes of `work`. */
  gaussianNoiseU8(src: number, dst: number, length: number, seed: number, mu: number, sd: number, work: number): void;
  /** Copies src and sets `count` random pixels to 255 (draw below saltBelow of 2^32) or 0. */
  saltAndPepperU8(
    src: number,
    dst: number,
    pixels: number,
    c: number,
    count: number,
    saltBelow: number,
    seed: number,
  ): void;

  // Copies: wasm/image/copy.ts · transforms/horizontal-flip.ts, core/copy.ts (crops, RandomErasing, Cutout)
  /** Mirrors image i left ↔ right where flags[i] (i32) is non-zero, copies it otherwise. */
  flipHorizontalU8(src: number, dst: number, n: number, h: number, w: number, c: number, flags: number): void;
  /** Image i: `rows` rows of `rowBytes` from src + i·srcImage + params[2i], row stride params[2i+1] (0 skips the image). */
  copyRowsU8(
    src: number,
    dst: number,
    n: number,
    rows: number,
    rowBytes: number,
    srcImage: number,
    params: number,
  ): void;
  /** Copies n images and paints `count` boxes of seven i32 (image, x, y, width, height, value, seedAt); value −1 = uniform noise seeded by seeds[seedAt + row]. */
  eraseBoxesU8(
    src: number,
    dst: number,
    n: number,
    h: number,
    w: number,
    c: number,
    boxes: number,
    count: number,
    seeds: number,
  ): void;

  // Conversion: wasm/image/convert.ts · core/pixels.ts (int32 tensors ↔ bytes)
  i32ToU8(src: number, dst: number, length: number): void;
  u8ToI32(src: number, dst: number, length: number): void;
}
