"""Everything the report shows, read from a results directory within fixed limits.

The limits keep the page usable on large corpora: at 100k articles a run can
have tens of thousands of clusters and removed paragraphs, so the report
lists the largest ones and says how many it left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..results.read import ResultsDir
from .boilerplate import Removals, gather_boilerplate
from .clusters import ClusterListing, gather_clusters
from .coverage import Coverage, gather_coverage
from .histogram import Histogram, gather_histogram


@dataclass(frozen=True)
class Limits:
    """How much of each listing the report shows.

    clusters
        Largest clusters shown in full: the kept text and a diff of each member.
    listed
        Clusters after those listed by title, with the command that explains each.
    members
        Members shown per cluster shown in full.
    paragraphs, examples
        Distinct removed paragraphs listed, and example articles of each.
    """

    clusters: int = 30
    listed: int = 1000
    members: int = 10
    paragraphs: int = 200
    examples: int = 3


@dataclass
class ReportData:
    """The report of one results directory, ready to render."""

    results: ResultsDir
    clusters: ClusterListing
    removals: Removals
    histogram: Histogram
    coverage: Coverage
    limits: Limits


def gather_report(results: ResultsDir, limits: Limits = Limits()) -> ReportData:
    """Read the listings, charts and counts of ``results`` (each file streamed)."""
    return ReportData(
        results=results,
        clusters=gather_clusters(results, limits.clusters, limits.members, limits.listed),
        removals=gather_boilerplate(results, limits.paragraphs, limits.examples),
        histogram=gather_histogram(results),
        coverage=gather_coverage(results),
        limits=limits,
    )
