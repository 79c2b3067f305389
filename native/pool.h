/* A small pool of pthreads that runs one job's parts at a time; the calling thread runs part 0. */
#ifndef WORKBOOK_POOL_H
#define WORKBOOK_POOL_H
typedef void (*pool_fn)(void *job, int part, float *scratch);
typedef struct pool pool;

/* A pool with `threads` - 1 workers, each with `scratch_floats` floats of its own scratch. */
pool *pool_create(int threads, long scratch_floats);
int pool_threads(const pool *p);
/* Runs fn(job, part, scratch) for part = 0 … parts-1 on whichever threads claim them, and returns when all are done. */
void pool_run(pool *p, pool_fn fn, void *job, int parts);
void pool_destroy(pool *p);
/*
 * A buffer of at least `floats` floats that every part of a job may share (e.g. a padded input),
 * kept and reused between jobs so that its pages are not faulted in again every call; NULL if out
 * of memory. Valid until the next call.
 */
float *pool_shared_buffer(pool *p, long floats);
#endif
