"""The whole pipeline on a Dask LocalCluster against the local engine, on one generated corpus (by hand).

    python benchmarks/dask_scale.py --articles 100000 [--workers 2] [--data ../shared/data] [--no-stories]
    python benchmarks/dask_scale.py --articles 1000000 --corpus /tmp/c1m/articles.jsonl

1. Generates a corpus (``benchmarks/corpus.py``, one ``articles.jsonl``), or
   reads the one ``--corpus`` names (made earlier by ``benchmarks/corpus.py``
   with ``--articles``; ``--articles`` then only divides the driver's growth).
2. Runs ``newsmill run`` with the local engine (``--jobs W``) in its own
   process and reads its seconds and peak memory from ``report.json``.
3. Starts a ``LocalCluster`` of ``W`` worker processes (one thread each) in
   this process, then runs the Dask engine's driver in a child process given
   the scheduler's address (so the scheduler's memory is not the driver's):
   the driver's resident memory before the run (imports, client) and its peak,
   and each worker's peak (``ru_maxrss``, asked of the workers after the run).
4. Checks that both engines kept the same articles, and prints one table:
   seconds, the time ratio dask / local (target ≤ 1.5), the driver's growth
   in bytes per article (target < 200: it holds no texts) and the workers' peaks,
   then each stage's seconds as each engine's ``report.json`` records them.

``--no-stories`` runs both engines without the story pass: the workers'
peaks against a run with it show what the story step adds. ``--tasks``
adds a table of the Dask run's tasks by function, from the scheduler's task
stream: how many, their compute seconds (summed over workers, and the
longest one) and the seconds spent fetching their inputs from other workers;
an idle worker shows as wall time × workers above the compute total.
``--trace`` runs the driver under :mod:`tracemalloc` (the driver only; it
slows the driver's own Python work) and prints, at the end of each stage,
its resident memory and the allocation sites that grew most since the
previous stage's end, each with the newsmill line that led to it.

Timings on a shared machine are noisy; both engines run in the same
invocation on the same corpus, and the ratio is what to read.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _rss_bytes() -> int:
    """This process's resident memory now."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class StageTrace:
    """The driver's memory at each stage's end (``--trace``): resident bytes and the :mod:`tracemalloc`
    sites that grew most since the previous stage's end, printed to stderr."""

    FRAMES = 12  # deep enough to reach newsmill's line from inside Dask's client
    SITES = 6

    def __init__(self) -> None:
        import tracemalloc

        tracemalloc.start(self.FRAMES)
        self.previous = tracemalloc.take_snapshot()

    def stage_end(self, name: str) -> None:
        import tracemalloc

        snapshot = tracemalloc.take_snapshot()
        traced, peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        print(f"[trace] after {name}: RSS {_rss_bytes() / 2**20:,.1f} MB, traced {traced / 2**20:,.1f} MB "
              f"(peak in the stage {peak / 2**20:,.1f} MB)", file=sys.stderr)
        grown: dict[str, list[int]] = {}  # by the newest newsmill line leading to it (else the newest frame)
        for stat in snapshot.compare_to(self.previous, "traceback"):
            frames = list(reversed(stat.traceback))  # newest first
            ours = next((f for f in frames if "/newsmill/" in f.filename), None)
            site = f"{Path(frames[0].filename).name}:{frames[0].lineno}"
            if ours is not None:
                site = f"{Path(ours.filename).parent.name}/{Path(ours.filename).name}:{ours.lineno} ({site})"
            row = grown.setdefault(site if ours is not None else "(outside newsmill)", [0, 0])
            row[0] += stat.size_diff
            row[1] += stat.count_diff
        for site, (size, count) in sorted(grown.items(), key=lambda item: -abs(item[1][0]))[: self.SITES]:
            print(f"[trace]   {size / 2**20:+8.2f} MB {count:+9,} blocks  {site}", file=sys.stderr)
        self.previous = snapshot

    def install(self) -> None:
        """Wrap each stage's cluster form (and the reading) so that its end is traced."""
        from newsmill.cluster import run

        def traced(name: str, function: Any) -> Any:
            def stage(corpus: Any, *args: Any) -> Any:
                result = function(corpus, *args)
                (result if name == "ingest" else corpus).wait()
                self.stage_end(name)
                return result

            return stage

        run.ON_CLUSTER.update({name: traced(name, f) for name, f in run.ON_CLUSTER.items()})
        ingest = run._ingest
        run._ingest = traced("ingest", lambda client, *args: ingest(client, *args))


def drive(address: str, corpus: Path, out: Path, block_mb: int, stories: bool, trace: bool) -> None:
    """The Dask engine's driver (this script run with ``--drive``): prints its memory and seconds as JSON."""
    from distributed import Client

    from newsmill.cluster import run_on_cluster
    from newsmill.config import Config

    with Client(address):  # connect once first, so the baseline includes the client
        pass
    tracer = StageTrace() if trace else None
    if tracer:
        tracer.install()
    baseline = _rss_bytes()
    started = time.perf_counter()
    config = Config(engine="dask", scheduler=address, translate=False, stories=stories)
    report = run_on_cluster([corpus], config, out, block_bytes=block_mb * 2**20)
    if tracer:
        tracer.stage_end("writing")
    seconds = time.perf_counter() - started
    stages = report["timing"]["seconds"]
    print(json.dumps({"seconds": seconds, "baseline": baseline, "peak": _peak_bytes(), "stages": stages}))


def _worker_peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _kept_ids(out: Path) -> list[str]:
    from newsmill.results.read import ResultsDir

    return sorted(r["id"] for r in ResultsDir.open(out).articles())


def task_table(stream: list[dict]) -> list[str]:
    """Markdown rows of the task stream by function: tasks, compute seconds (total, longest), transfer
    seconds; functions under 0.1 s of both only in the last row's totals."""
    from dask.utils import key_split

    rows: dict[str, list[float]] = {}
    for task in stream:
        row = rows.setdefault(key_split(task["key"]).lstrip("_"), [0, 0.0, 0.0, 0.0])
        row[0] += 1
        for step in task["startstops"]:
            seconds = step["stop"] - step["start"]
            if step["action"] == "compute":
                row[1] += seconds
                row[2] = max(row[2], seconds)
            elif step["action"] == "transfer":
                row[3] += seconds
    lines = ["| task | count | compute s | longest s | transfer s |", "|---|---:|---:|---:|---:|"]
    for name, (count, compute, longest, transfer) in sorted(rows.items(), key=lambda item: -item[1][1]):
        if compute >= 0.1 or transfer >= 0.1:  # the rest is counted in the totals only
            lines.append(f"| {name} | {count:.0f} | {compute:.1f} | {longest:.1f} | {transfer:.1f} |")
    totals = [sum(row[i] for row in rows.values()) for i in (0, 1, 3)]
    lines.append(f"| all | {totals[0]:.0f} | {totals[1]:.1f} | | {totals[2]:.1f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--block-mb", type=int, default=16, help="byte range per JSONL partition")
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    parser.add_argument("--corpus", type=Path, help="an articles.jsonl to reuse instead of generating one")
    parser.add_argument("--stories", action=argparse.BooleanOptionalAction, default=True, help="run the story pass")
    parser.add_argument("--tasks", action="store_true", help="print the Dask run's tasks by function")
    parser.add_argument("--trace", action="store_true", help="trace the driver's memory at each stage's end")
    parser.add_argument("--drive", nargs=3, metavar=("ADDRESS", "CORPUS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        drive(args.drive[0], Path(args.drive[1]), Path(args.drive[2]), args.block_mb, args.stories, args.trace)
        return

    from distributed import Client, LocalCluster, get_task_stream

    with tempfile.TemporaryDirectory(prefix="dask-scale-") as tmp:
        root = Path(tmp)
        corpus = args.corpus or root / "corpus" / "articles.jsonl"
        if not args.corpus:
            subprocess.run(
                [sys.executable, str(REPO / "benchmarks" / "corpus.py"), "--articles", str(args.articles),
                 "--seed", str(args.seed), "--out", str(corpus.parent), "--data", args.data],
                check=True, stdout=subprocess.DEVNULL,
            )
        newsmill = Path(sys.executable).with_name("newsmill")
        started = time.perf_counter()
        subprocess.run(
            [str(newsmill), "run", str(corpus), "-o", str(root / "local"), "--jobs", str(args.workers),
             "--no-translate", "--stories" if args.stories else "--no-stories", "-q"],
            check=True,
        )
        local_seconds = time.perf_counter() - started
        local_timing = json.loads((root / "local" / "report.json").read_text())["timing"]
        local_memory = local_timing["peak_memory_mb"]

        with LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=":0") as cluster:
            with Client(cluster) as client, get_task_stream(client) as stream:
                driven = subprocess.run(
                    [sys.executable, __file__, "--block-mb", str(args.block_mb),
                     "--stories" if args.stories else "--no-stories", *(["--trace"] if args.trace else []), "--drive",
                     cluster.scheduler_address, str(corpus), str(root / "dask")],
                    capture_output=True, text=True,
                )
                if driven.returncode:
                    raise SystemExit(f"the dask driver failed:\n{driven.stderr}")
                workers = sorted(client.run(_worker_peak).values())
        driver = json.loads(driven.stdout.strip().splitlines()[-1])
        if args.trace:
            print("\n".join(line for line in driven.stderr.splitlines() if line.startswith("[trace]")))
        same = _kept_ids(root / "local") == _kept_ids(root / "dask")

    mb = 2**20
    growth = driver["peak"] - driver["baseline"]
    print(f"dask scale: {args.articles:,} articles, {args.workers} workers (1 thread each), "
          f"{'' if args.stories else 'no stories, '}load average at end {os.getloadavg()[0]:.1f}, "
          f"same kept articles: {same}")
    print("| engine | seconds | × local | driver MB (start → peak) | driver bytes/article | worker peak MB |")
    print("|---|---|---|---|---|---|")
    print(f"| local (--jobs {args.workers}) | {local_seconds:.1f} | 1.00 | {local_memory['main']:,.0f} | – | "
          f"{local_memory['workers']:,.0f} |")
    print(f"| dask LocalCluster | {driver['seconds']:.1f} | {driver['seconds'] / local_seconds:.2f} | "
          f"{driver['baseline'] / mb:,.0f} → {driver['peak'] / mb:,.0f} | {growth / args.articles:,.0f} | "
          f"{', '.join(f'{w / mb:,.0f}' for w in workers)} |")
    stages = list(local_timing["seconds"])
    print("\n| engine | " + " | ".join(stages) + " |")
    print("|---|" + "---|" * len(stages))
    for name, seconds in (("local", local_timing["seconds"]), ("dask", driver["stages"])):
        print(f"| {name} | " + " | ".join(f"{seconds[stage]:.1f}" for stage in stages) + " |")
    if args.tasks:
        print(f"\nDask tasks ({args.workers} workers, {driver['seconds']:.1f} s wall):")
        print("\n".join(task_table(stream.data)))


if __name__ == "__main__":
    main()
