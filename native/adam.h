/* One fused Adam step over elements [from, to) of one variable (outputs may alias inputs). */
#ifndef WORKBOOK_ADAM_H
#define WORKBOOK_ADAM_H
typedef struct {
  const float *x, *m, *v, *g;
  float *x_out, *m_out, *v_out;
  float beta1, one_minus_beta1, beta2, one_minus_beta2, one_minus_acc_beta1, one_minus_acc_beta2, epsilon, neg_lr;
} adam_args;

void adam_part(const adam_args *a, long from, long to);
#endif
