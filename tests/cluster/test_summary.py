"""The report's boilerplate summary joined from the partitions' summaries."""

from __future__ import annotations

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed")

from newsmill.boilerplate.stage import WARNINGS_LISTED, BoilerplateSummary
from newsmill.cluster.write import Written, merge_boilerplate
from newsmill.pipeline import ArticleCounts


def _partition(number: int, warned: int) -> Written:
    warnings: list[dict[str, object]] = [
        {"article": f"p{number}-{n}", "removed_share": 0.75, "empty": False} for n in range(warned)
    ]
    summary = BoilerplateSummary(
        paragraphs_removed=2 * warned, articles_touched=warned, reasons={"repeated": 2 * warned},
        warned_articles=warned, warnings=warnings,
    )
    return Written(ArticleCounts(), summary)


def test_the_first_warnings_in_input_order_are_listed_and_all_are_counted():
    sizes = (WARNINGS_LISTED // 2 + 1, 0, WARNINGS_LISTED)
    merged = merge_boilerplate([_partition(n, warned) for n, warned in enumerate(sizes)], distinct=7)
    assert merged.warned_articles == sum(sizes)
    assert merged.paragraphs_removed == 2 * sum(sizes) and merged.distinct_paragraphs == 7
    listed = [w["article"] for w in merged.warnings]
    expected = [f"p0-{n}" for n in range(sizes[0])] + [f"p2-{n}" for n in range(WARNINGS_LISTED - sizes[0])]
    assert listed == expected
