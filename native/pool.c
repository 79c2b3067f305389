/*
 * The kernels' thread pool. A job's parts are claimed from an atomic ticket (pool_run). Workers wait
 * for a new generation, and the caller for the parts workers run, the same way: a short spin first (a condition-variable wake-up costs tens of
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
  pthread_cond_t done; /* the job's last part finished */
  _Atomic unsigned long ticket; /* generation << 32 | the next part to claim */
  atomic_int finished;          /* parts of the current generation done */
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

/* The next unclaimed part of generation `gen`, or -1 when there is none (or gen is over). */
static int claim(pool *p, unsigned long gen) {
  unsigned long t = atomic_load(&p->ticket);
  for (;;) {
    if ((t >> 32) != gen || (long)(t & 0xffffffffUL) >= p->parts) return -1;
    if (atomic_compare_exchange_weak(&p->ticket, &t, t + 1)) return (int)(t & 0xffffffffUL);
  }
}

/* Runs parts of generation `gen` until none is left; `index` picks the thread's scratch. */
static void work(pool *p, unsigned long gen, int index) {
  for (int part; (part = claim(p, gen)) >= 0;) {
    const int parts = p->parts; /* read while this generation cannot end */
    p->fn(p->job, part, p->scratch[index]);
    if (atomic_fetch_add(&p->finished, 1) + 1 == parts && index > 0) {
      pthread_mutex_lock(&p->mu);
      pthread_cond_signal(&p->done);
      pthread_mutex_unlock(&p->mu);
    }
  }
}

static void *worker(void *arg) {
  pool *p = ((worker_arg *)arg)->p;
  const int index = ((worker_arg *)arg)->index;
  free(arg);
  unsigned long seen = 0;
  for (;;) {
    unsigned long gen = atomic_load(&p->ticket) >> 32;
    for (int i = 0; i < SPIN && gen == seen; i++) {
      _mm_pause();
      gen = atomic_load(&p->ticket) >> 32;
    }
    if (gen == seen) {
      pthread_mutex_lock(&p->mu);
      while ((gen = atomic_load(&p->ticket) >> 32) == seen && !p->quit) pthread_cond_wait(&p->wake, &p->mu);
      pthread_mutex_unlock(&p->mu);
    }
    if (p->quit) return NULL;
    seen = gen;
    work(p, gen, index);
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

/*
 * Parts are claimed, not assigned: the caller starts on them at once and takes whatever a worker
 * has not claimed yet, so a worker that was asleep (a wake-up costs tens of µs on this VM) delays
 * nothing; the caller waits only for parts a worker is running. Which thread runs a part never
 * changes what it computes.
 */
void pool_run(pool *p, pool_fn fn, void *job, int parts) {
  if (parts <= 1 || p->threads == 1) {
    for (int i = 0; i < parts; i++) fn(job, i, p->scratch[0]);
    return;
  }
  p->fn = fn;
  p->job = job;
  p->parts = parts;
  atomic_store(&p->finished, 0);
  const unsigned long gen = (atomic_load(&p->ticket) >> 32) + 1;
  pthread_mutex_lock(&p->mu);
  atomic_store(&p->ticket, gen << 32);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->mu);
  work(p, gen, 0);
  for (int i = 0; i < SPIN && atomic_load(&p->finished) < parts; i++) _mm_pause();
  if (atomic_load(&p->finished) < parts) {
    pthread_mutex_lock(&p->mu);
    while (atomic_load(&p->finished) < parts) pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
  }
}

void pool_destroy(pool *p) {
  pthread_mutex_lock(&p->mu);
  p->quit = 1;
  atomic_fetch_add(&p->ticket, 1UL << 32);
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
