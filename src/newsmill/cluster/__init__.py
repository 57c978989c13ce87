"""The whole pipeline on a Dask cluster (``--engine dask``): the corpus lives on the workers.

Entry points (:mod:`.run`): :func:`run_on_cluster` (``newsmill run --engine
dask``, a stage command with ``-o``), which reads, cleans and writes a results
directory without the driver ever holding an article's text;
:func:`stream_from_cluster` (a stage command printing its records), which
holds one piece of 1,000 articles' records at a time; :func:`clean_on_cluster`
(:func:`newsmill.clean`), which gathers the articles the caller asked for.
Where each stage runs:

- **on every worker, per partition** (one partition per input file, or per
  byte range of a large JSONL file, :mod:`.inputs`): reading and splitting,
  language identification, paragraph hashing, MinHash sketches, the
  boilerplate decisions, marking duplicates, translation (with the models
  installed on the workers), the story anchors and labels (:mod:`.stories`),
  writing the numbered result parts (:mod:`.write`);
- **as shuffles between workers**: exact keys and LSH band keys grouped by
  hash, candidate pairs verified where the two texts are
  (:mod:`newsmill.dedupe.dask_engine`), for the article families of the
  boilerplate stage and for dedupe; the short paragraphs' near-variant band
  keys grouped by band, and their candidate pairs verified where the two
  sketches are (:mod:`.boilerplate`);
- **as one task on one worker**: the splitter's signature scan of the text
  dumps (counts of short paragraphs), the numbering of the distinct short
  paragraphs and their near-variant groups (components of integer pairs),
  the boilerplate tallies (integers per paragraph, :mod:`.boilerplate`), the
  clusters (connected components of the integer pairs) and their survivors (from a few bytes per cluster member,
  :mod:`.dedupe`), writing ``pairs.jsonl``, the sum of the story pass's
  word-case counts, and the story pairing and labelling, from each survivor's
  anchors, languages and a few facts per article (texts only of the articles
  now in a language some article was translated into, :mod:`.stories`);
- **on the driver**: the list of partitions and their sizes, the checked
  pairs once on their way from the shuffles back to a worker (integer
  arrays, about 40 bytes per pair), a 64-bit hash per article while ids are
  checked for uniqueness, and the counts of the report.

The results equal the local engine's (``tests/cluster/``); the parts
layout is described in :mod:`newsmill.results.write`.
"""

try:
    import distributed  # noqa: F401 - the dask extra, which every module here needs
except ImportError:  # pragma: no cover - the test environment has the extra
    from ..errors import UsageError

    raise UsageError("--engine dask needs Dask: pip install 'newsmill[dask]'") from None

from .run import clean_on_cluster, run_on_cluster, stream_from_cluster

__all__ = ["clean_on_cluster", "run_on_cluster", "stream_from_cluster"]
