"""Many articles: `engine` runs the coder in worker processes or as Dask tasks, `ingest` reads
sources (through `tidings.io`), codes what the store lacks and stores it, `dedupe` links reports of
one real-world event across articles. Batch imports the coder; the coder never imports batch.
"""
