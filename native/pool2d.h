/* Max pooling over windows that tile the image (stride = window, no padding), NHWC float32. */
#ifndef WORKBOOK_POOL2D_H
#define WORKBOOK_POOL2D_H
typedef struct {
  long B, H, W, C, OH, OW, fh, fw;
} pool_shape;

/* Output rows [r0, r1) (row r = image r / OH, output row r % OH) of out [B, OH, OW, C]. */
void max_pool_rows(const pool_shape *s, const float *x, float *out, long r0, long r1);
/* The gradient for output rows [r0, r1): dy routed to each window's first strict maximum, 0 elsewhere in it. */
void max_pool_grad_rows(const pool_shape *s, const float *x, const float *dy, float *dx, long r0, long r1);
#endif
