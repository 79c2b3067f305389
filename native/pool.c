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
#define MAX_PARTS 0xffff

struct pool {
  int threads;
  pthread_t tid[MAX_THREADS];
  float *scratch[MAX_THREADS];
  pthread_mutex_t mu;
  pthread_cond_t wake; /* a new generation (job) for the workers */
  pthread_cond_t done; /* the job's last part finished */
  _Atomic unsigned long ticket; /* generation << 32 | parts << 16 | the next part to claim (see TICKET) */
  atomic_int finished;          /* parts of the current generation done */
  pool_fn fn;
  void *job;
  int quit;
  float *shared; /* pool_shared_buffer's buffer, grown as asked, kept between jobs */
  long shared_floats;
};

typedef struct {
  pool *p;
  int index;
} worker_arg;

/*
 * The ticket holds generation << 32 | parts << 16 | the next part to claim, so a claim reads the
 * generation and its part count in one atomic load: a worker still claiming for the last job while
 * the caller sets up the next cannot take a part of one job with the other's count.
 */
#define TICKET(gen, parts) ((gen) << 32 | (unsigned long)(parts) << 16)
#define TICKET_GEN(t) ((t) >> 32)
#define TICKET_PARTS(t) ((int)(((t) >> 16) & 0xffff))
#define TICKET_NEXT(t) ((int)((t) & 0xffff))

/* The next unclaimed part of generation `gen`, or -1 when there is none (or gen is over). */
static int claim(pool *p, unsigned long gen) {
  unsigned long t = atomic_load(&p->ticket);
  for (;;) {
    if (TICKET_GEN(t) != gen || TICKET_NEXT(t) >= TICKET_PARTS(t)) return -1;
    if (atomic_compare_exchange_weak(&p->ticket, &t, t + 1)) return TICKET_NEXT(t);
  }
}

/* Runs parts of generation `gen` (of `parts` parts) until none is left; `index` picks the thread's scratch. */
static void work(pool *p, unsigned long gen, int parts, int index) {
  for (int part; (part = claim(p, gen)) >= 0;) {
    p->fn(p->job, part, p->scratch[index]); /* set before the ticket was published, kept until every part ends */
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
  unsigned long seen = 0, t = 0;
  for (;;) {
    t = atomic_load(&p->ticket);
    for (int i = 0; i < SPIN && TICKET_GEN(t) == seen; i++) {
      _mm_pause();
      t = atomic_load(&p->ticket);
    }
    if (TICKET_GEN(t) == seen) {
      pthread_mutex_lock(&p->mu);
      while (TICKET_GEN(t = atomic_load(&p->ticket)) == seen && !p->quit) pthread_cond_wait(&p->wake, &p->mu);
      pthread_mutex_unlock(&p->mu);
    }
    if (p->quit) return NULL;
    seen = TICKET_GEN(t);
    work(p, seen, TICKET_PARTS(t), index);
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
  if (parts <= 1 || p->threads == 1 || parts > MAX_PARTS) { /* more parts than a ticket counts: never asked */
    for (int i = 0; i < parts; i++) fn(job, i, p->scratch[0]);
    return;
  }
  p->fn = fn;
  p->job = job;
  atomic_store(&p->finished, 0);
  const unsigned long gen = TICKET_GEN(atomic_load(&p->ticket)) + 1;
  pthread_mutex_lock(&p->mu);
  atomic_store(&p->ticket, TICKET(gen, parts));
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->mu);
  work(p, gen, parts, 0);
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
  atomic_fetch_add(&p->ticket, 1UL << 32); /* a new generation with no parts left: wakes every worker */
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
