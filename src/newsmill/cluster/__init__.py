"""The whole pipeline on a Dask cluster (``--engine dask``): the corpus lives on the workers.

Entry point: :func:`run_on_cluster` (``newsmill run --engine dask``), which
reads, cleans and writes a results directory without the driver ever holding
an article's text. Where each stage runs:

- **on every worker, per partition** (one partition per input file, or per
  byte range of a large JSONL file, :mod:`.inputs`): reading and splitting,
  language identification, paragraph hashing, MinHash sketches, the
  boilerplate decisions, marking duplicates, translation (with the models
  installed on the workers), writing the numbered result parts (:mod:`.write`);
- **as shuffles between workers**: exact keys and LSH band keys grouped by
  hash, candidate pairs verified where the two texts are
  (:mod:`newsmill.dedupe.dask_engine`), for the article families of the
  boilerplate stage and for dedupe;
- **as one task on one worker**: the splitter's signature scan of the text
  dumps (counts of short paragraphs), the near-variant groups of the distinct
  short paragraphs, the boilerplate tallies (integers per paragraph,
  :mod:`.boilerplate`), and the **story pass**, which gathers every article
  onto that worker (:func:`newsmill.stages.label_stories` is not split into
  map and reduce yet);
- **on the driver**: the list of partitions, clusters as connected components
  of integer pairs, survivors from a few bytes per cluster member
  (:mod:`.dedupe`), the ids of the articles in pairs, and the report.

The results equal the local engine's (``tests/test_cluster.py``); the parts
layout is described in :mod:`newsmill.output`.
"""

from .run import run_on_cluster

__all__ = ["run_on_cluster"]
