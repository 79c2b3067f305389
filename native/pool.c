/*
 * The kernels' thread pool. Workers wait for a new generation number, and the caller for the
 * workers to finish, the same way: a short spin first (a condition-variable wake-up costs tens of
 * microseconds, and a training step asks for the next product soon), then sleep on a condition
 * variable. The spin is kept short (~50 µs) because a spinning thread takes a core from whatever
 * else runs: with two notebooks on two cores, a 0.4 ms spin made their training 1.3–1.8× slower.
 */
#include "pool.h"
#include <immintrin.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define SPIN 2500 /* pause iterations (~20 ns each here) before a waiting thread sleeps */
#define MAX_THREADS 256

struct pool {
  int threads;
  pthread_t tid[MAX_THREADS];
  float *scratch[MAX_THREADS];
  pthread_mutex_t mu;
  pthread_cond_t wake; /* a new generation (job) for the workers */
  pthread_cond_t done; /* the last worker finished */
  atomic_long generation;
  atomic_int pending;
  pool_fn fn;
  void *job;
  int parts;
  int quit;
  float *shared; /* pool_shared_buffer's buffer, grown as asked, kept between jobs */
  long shared_floats;
};

typedef struct {
  pool *p;
  int index;
} worker_arg;

static void *worker(void *arg) {
  pool *p = ((worker_arg *)arg)->p;
  const int index = ((worker_arg *)arg)->index;
  free(arg);
  long seen = 0;
  for (;;) {
    long now = atomic_load(&p->generation);
    for (int i = 0; i < SPIN && now == seen; i++) {
      _mm_pause();
      now = atomic_load(&p->generation);
    }
    if (now == seen) {
      pthread_mutex_lock(&p->mu);
      while ((now = atomic_load(&p->generation)) == seen && !p->quit) pthread_cond_wait(&p->wake, &p->mu);
      pthread_mutex_unlock(&p->mu);
    }
    if (p->quit) return NULL;
    seen = now;
    if (index < p->parts) p->fn(p->job, index, p->scratch[index]);
    if (atomic_fetch_sub(&p->pending, 1) == 1) {
      pthread_mutex_lock(&p->mu);
      pthread_cond_signal(&p->done);
      pthread_mutex_unlock(&p->mu);
    }
  }
}

pool *pool_create(int threads, long scratch_floats) {
  if (threads < 1) threads = 1;
  if (threads > MAX_THREADS) threads = MAX_THREADS;
  pool *p = calloc(1, sizeof(pool));
  p->threads = threads;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->wake, NULL);
  pthread_cond_init(&p->done, NULL);
  for (int t = 0; t < threads; t++) p->scratch[t] = aligned_alloc(64, ((scratch_floats * 4 + 63) / 64) * 64);
  for (int t = 1; t < threads; t++) {
    worker_arg *arg = malloc(sizeof(worker_arg));
    arg->p = p;
    arg->index = t;
    pthread_create(&p->tid[t], NULL, worker, arg);
  }
  return p;
}

int pool_threads(const pool *p) { return p->threads; }

void pool_run(pool *p, pool_fn fn, void *job, int parts) {
  if (parts > p->threads) parts = p->threads;
  if (parts <= 1 || p->threads == 1) {
    for (int i = 0; i < parts; i++) fn(job, i, p->scratch[0]);
    return;
  }
  p->fn = fn;
  p->job = job;
  p->parts = parts;
  atomic_store(&p->pending, p->threads - 1);
  pthread_mutex_lock(&p->mu);
  atomic_fetch_add(&p->generation, 1);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->mu);
  fn(job, 0, p->scratch[0]);
  for (int i = 0; i < SPIN && atomic_load(&p->pending) > 0; i++) _mm_pause();
  if (atomic_load(&p->pending) > 0) {
    pthread_mutex_lock(&p->mu);
    while (atomic_load(&p->pending) > 0) pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
  }
}

void pool_destroy(pool *p) {
  pthread_mutex_lock(&p->mu);
  p->quit = 1;
  atomic_fetch_add(&p->generation, 1);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->mu);
  for (int t = 1; t < p->threads; t++) pthread_join(p->tid[t], NULL);
  for (int t = 0; t < p->threads; t++) free(p->scratch[t]);
  free(p->shared);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->wake);
  pthread_cond_destroy(&p->done);
  free(p);
}

float *pool_shared_buffer(pool *p, long floats) {
  if (floats > p->shared_floats) {
    free(p->shared);
    p->shared = aligned_alloc(64, ((floats * 4 + 63) / 64) * 64);
    p->shared_floats = p->shared ? floats : 0;
  }
  return p->shared;
}
