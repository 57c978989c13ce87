"""The report as one self-contained HTML page.

Every piece of article text and every id goes through :func:`html.escape`:
the corpus is scraped web content and may hold markup of its own.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from ..results.read import location
from .boilerplate import BoilerplateListing
from .clusters import Cluster, Member
from .coverage import model_name
from .diff import side_by_side, tokens
from .gather import ReportData
from .mark import REPORT_MARK
from .style import CSS
from .svg import histogram_svg, language_svg

SECTIONS = (
    ("summary", "Summary"),
    ("languages", "Languages"),
    ("similarity", "Similarity"),
    ("clusters", "Duplicate clusters"),
    ("boilerplate", "Boilerplate"),
    ("translation", "Translation"),
)


def render_page(data: ReportData) -> str:
    """The whole HTML document for ``data``."""
    report = data.results.report
    nav = "".join(f'<a href="#{key}">{title}</a>' for key, title in SECTIONS)
    body = "\n".join(
        [
            "<header><h1>newsmill report</h1>",
            f'<p class="lead">Results directory <code>{escape(str(data.results.path))}</code></p>',
            f"<nav>{nav}</nav></header>",
            _summary(report),
            _languages(report),
            _similarity(data),
            _clusters(data),
            _boilerplate(data),
            _translation(data),
            _footer(report),
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{REPORT_MARK}: {escape(data.results.path.name)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _section(key: str, *parts: str) -> str:
    title = dict(SECTIONS)[key]
    return f'<section id="{key}">\n<h2>{title}</h2>\n' + "\n".join(parts) + "\n</section>"


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else escape(str(value))


def _plural(count: int, noun: str) -> str:
    """``1 cluster``, ``2 clusters``, ``1,204 clusters``."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def _cut(shown: int, total: int, what: str, where: str) -> str:
    """The line that says a listing was cut, or nothing when it was not."""
    if shown >= total:
        return ""
    return (
        f'<p class="cut">Showing {shown:,} of {total:,} {what}; '
        f"all of them are in <code>{escape(where)}</code>.</p>"
    )


def _summary(report: Mapping[str, Any]) -> str:
    """Cards and the stage table, every number as ``report.json`` has it (the other
    sections quote the same keys, so one concept has one count everywhere)."""
    counts = report["counts"]
    ingest, output = counts.get("ingest", {}), counts.get("output", {})
    boiler = counts.get("boilerplate", {})
    cards = [
        (ingest.get("articles", 0), f"articles read from {ingest.get('files', 0):,} files"),
        (output.get("articles", 0), "articles kept"),
        (output.get("duplicates", 0), "duplicates set aside"),
        (boiler.get("paragraphs_removed", 0), "boilerplate paragraphs removed"),
        (ingest.get("signature_lines", 0), "signature lines removed"),
    ]
    card_html = "".join(
        f'<div class="card"><b>{_number(n)}</b><span>{label}</span></div>' for n, label in cards
    )
    rows = "".join(
        f'<tr><td>{escape(stage)}</td><td class="num">{_number(n_in)}</td>'
        f'<td class="num">{_number(n_out)}</td><td>{_details(values)}</td></tr>'
        for stage, n_in, n_out, values in _stage_rows(counts)
    )
    table = (
        '<table><thead><tr><th>stage</th><th class="num">articles in</th>'
        f'<th class="num">articles out</th><th>what it did</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    return _section("summary", f'<div class="cards">{card_html}</div>', table)


def _stage_rows(counts: Mapping[str, Any]) -> Iterable[tuple[str, Any, Any, Mapping[str, Any]]]:
    """One row per stage of ``report.json``: articles in and out where the stage changes them."""
    read = counts.get("ingest", {}).get("articles", "")
    kept = counts.get("output", {}).get("articles", "")
    flow = {"ingest": ("", read), "langid": (read, read), "boilerplate": (read, read), "dedupe": (read, kept)}
    for stage, values in counts.items():
        if stage != "output" and isinstance(values, Mapping):
            n_in, n_out = flow.get(stage, ("", ""))
            yield stage, n_in, n_out, values


#: Keys of ``report.json`` counts that the stage table leaves to their own section.
LONG_VALUES = ("install_hint",)


def _details(values: Mapping[str, Any]) -> str:
    """A stage's counts as ``key: value`` pairs; a setting that was not set (``None``) is left out."""
    return "; ".join(
        f"{escape(key.replace('_', ' '))}: {_value(key, value)}"
        for key, value in values.items()
        if value is not None and key not in LONG_VALUES
    )


def _value(key: str, value: Any) -> str:
    if key == "model":
        return escape(model_name(value))
    if isinstance(value, Mapping):
        return ", ".join(f"{escape(str(k))} {_number(v)}" for k, v in value.items())
    return _number(value)


def _languages(report: Mapping[str, Any]) -> str:
    counts = report["counts"]
    read = counts.get("langid", {}).get("languages", {})
    kept = counts.get("output", {}).get("languages", {})
    if not read:
        return _section("languages", '<p class="muted">No languages in the report.</p>')
    legend = (
        '<p class="legend"><span class="swatch" style="background:#c5cedb"></span>read'
        '<span class="swatch" style="background:var(--accent)"></span>kept '
        "(article language after boilerplate was stripped; <code>und</code>: too short to call)</p>"
    )
    return _section("languages", language_svg(read, kept), legend)


DRY_RUN = (
    '<p class="muted">Dry run: only removed.jsonl and report.json were written, '
    "so there is nothing to show here.</p>"
)


def _similarity(data: ReportData) -> str:
    histogram, threshold = data.histogram, data.results.threshold
    if data.results.dry_run:
        return _section("similarity", DRY_RUN)
    if not histogram.total:
        text = "No candidate pairs were checked: no two articles came near the threshold."
        return _section("similarity", f'<p class="muted">{text}</p>')
    lead = (
        f"<p>Jaccard similarity of the {_plural(histogram.total, 'candidate pair')} that MinHash LSH proposed "
        "(exact copies left out). Pairs right of the dashed threshold line became duplicates; "
        "a threshold in a valley between two humps separates copies from different stories cleanly.</p>"
    )
    legend = (
        '<p class="legend"><span class="swatch" style="background:#9db6e3"></span>bins below the threshold'
        '<span class="swatch" style="background:var(--hit)"></span>bins from the threshold on '
        f"({_plural(histogram.duplicates, 'pair')} reached it)</p>"
    )
    return _section("similarity", lead, histogram_svg(histogram, threshold), legend)


def _clusters(data: ReportData) -> str:
    listing = data.clusters
    if data.results.dry_run:
        return _section("clusters", DRY_RUN)
    if not listing.total:
        return _section("clusters", '<p class="muted">No duplicates: every article was kept.</p>')
    lead = (
        f"<p>{_plural(listing.total, 'cluster')}, largest first. Each shows the article that was kept and "
        "every dropped duplicate against it, word by word: "
        "<del>only in the kept article</del> <ins>only in the duplicate</ins>.</p>"
    )
    cut = _cut(len(listing.shown), listing.total, "clusters in full", "duplicates.jsonl")
    clusters = "\n".join(_cluster(c, data.limits.members) for c in listing.shown)
    return _section("clusters", lead, cut, clusters, _listed_clusters(data))


def _listed_clusters(data: ReportData) -> str:
    """The clusters after those shown in full: title, size and the command that explains each."""
    listing = data.clusters
    if not listing.listed:
        return ""
    results = shlex.quote(str(data.results.path))
    rows = "".join(
        f"<tr><td>{escape((c.kept or {}).get('title') or c.kept_id)}</td><td class=\"num\">{c.size:,}</td>"
        f"<td><code>newsmill explain {escape(shlex.quote(c.kept_id))} --results {escape(results)}</code></td></tr>"
        for c in listing.listed
    )
    shown = len(listing.shown) + len(listing.listed)
    cut = _cut(shown, listing.total, "clusters", "duplicates.jsonl")
    return (
        f"<h3>The next {_plural(len(listing.listed), 'cluster')}</h3>{cut}"
        '<table><thead><tr><th>kept article</th><th class="num">articles</th>'
        f"<th>shows the cluster</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _cluster(cluster: Cluster, members_limit: int) -> str:
    kept = cluster.kept or {}
    header = (
        f'<header><h3>{escape(kept.get("title") or cluster.kept_id)}</h3>'
        f'<span class="tag">kept</span> <code>{escape(cluster.kept_id)}</code> '
        f'{_where(kept)} · {cluster.size:,} articles</header>'
    )
    shown = cluster.members[:members_limit]
    copies = [_is_copy(m.record or {}, kept) for m in shown]
    parts = [header]
    if all(copies):  # no diff column shows the kept text
        parts.append(
            '<details class="member"><summary>text of the kept article</summary>'
            f'<div class="text">{escape(_full_text(kept))}</div></details>'
        )
    parts.extend(_member(m, kept, copy) for m, copy in zip(shown, copies, strict=False))
    hidden = len(cluster.members) - members_limit
    if hidden > 0:
        parts.append(f'<p class="muted">and {_plural(hidden, "more duplicate")}, in duplicates.jsonl.</p>')
    return f'<section class="cluster" data-kept="{escape(cluster.kept_id)}">{"".join(parts)}</section>'


def _full_text(record: Mapping[str, Any]) -> str:
    """Title and text, so that a changed headline shows in the diff too."""
    return "\n\n".join(part for part in (record.get("title"), record.get("text")) if part)


def _is_copy(record: Mapping[str, Any], kept: Mapping[str, Any]) -> bool:
    """Same words of text: dedupe compares texts without their titles."""
    return tokens(record.get("text", "")) == tokens(kept.get("text", ""))


def _member(member: Member, kept: Mapping[str, Any], copy: bool) -> str:
    """An exact copy as one line, a near duplicate with its diff against the kept
    article (title included, so a changed headline shows)."""
    record = member.record or {}
    title = f"<code>{escape(member.id)}</code> {_where(record)} · similarity {member.similarity:g}"
    if copy:
        headline = record.get("title") or ""
        if headline != (kept.get("title") or ""):
            title += f' · headline <q>{escape(headline)}</q>'
        return f'<div class="member"><span class="tag">exact copy</span> {title}</div>'
    diff = side_by_side(_full_text(kept), _full_text(record))
    return (
        f'<details class="member" open><summary><span class="tag">near duplicate</span> {title}</summary>'
        f'<div class="diff"><div><h4>kept</h4>{diff.left}</div><div><h4>dropped</h4>{diff.right}</div></div>'
        "</details>"
    )


def _where(record: Mapping[str, Any]) -> str:
    source = record.get("source") or {}
    if not source:
        return ""
    return f'<span class="muted">{escape(location(source))}</span>'


def _boilerplate(data: ReportData) -> str:
    counts = data.results.report["counts"]
    boiler, signature_lines = counts.get("boilerplate", {}), counts.get("ingest", {}).get("signature_lines", 0)
    removals = data.removals
    if not removals.boilerplate.removals and not removals.signatures.removals:
        return _section("boilerplate", '<p class="muted">No paragraph was removed.</p>')
    removed, distinct = boiler.get("paragraphs_removed", 0), boiler.get("distinct_paragraphs", 0)
    lead = (
        f"<p>{_plural(removed, 'boilerplate paragraph')} removed, {distinct:,} distinct, "
        f"from {_plural(boiler.get('articles_touched', 0), 'article')}. "
        "<i>removed</i>: times stripped in this run; <i>in corpus</i>: occurrences counted when "
        "deciding; <i>reason</i>: the rule that removed it (README, How each stage decides).</p>"
    )
    parts = [lead, _removed_table(removals.boilerplate, distinct)]
    if removals.signatures.removals:
        parts.append(
            f"<h3>Signature lines</h3><p>{_plural(signature_lines, 'signature line')} removed by the "
            f"splitter, {removals.signatures.distinct:,} distinct.</p>"
        )
        parts.append(_removed_table(removals.signatures, removals.signatures.distinct))
    return _section("boilerplate", *parts)


def _removed_table(listing: BoilerplateListing, distinct: int) -> str:
    if not listing.shown:
        return ""
    rows = "".join(
        f'<tr class="removed"><td class="para">{escape(p.text)}</td><td class="num">{p.removals:,}</td>'
        f'<td class="num">{p.corpus_count:,}</td><td class="nowrap">{"<br>".join(map(escape, sorted(p.reasons)))}</td>'
        f"<td class=\"nowrap\">{'<br>'.join(f'<code>{escape(e)}</code>' for e in p.examples)}</td></tr>"
        for p in listing.shown
    )
    table = (
        '<table><thead><tr><th>paragraph</th><th class="num">removed</th><th class="num">in corpus</th>'
        f"<th>reason</th><th>example articles</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    return _cut(len(listing.shown), distinct, "distinct paragraphs", "removed.jsonl") + table


def _translation(data: ReportData) -> str:
    coverage = data.coverage
    if data.results.dry_run:
        return _section("translation", DRY_RUN)
    if not coverage.ran:
        return _section("translation", '<p class="muted">Translation did not run.</p>')
    parts = [
        _count_table(
            [
                ("translated", coverage.translated),
                ("not translated", coverage.untranslated),
                ("not asked (other languages)", coverage.not_applicable),
            ]
        )
    ]
    if coverage.models:
        parts.append("<h3>Models</h3>" + _count_table(coverage.models.most_common()))
    if coverage.reasons:
        parts.append("<h3>Why articles were not translated</h3>" + _count_table(coverage.reasons.most_common()))
    hint = data.results.report["counts"].get("translate", {}).get("install_hint")
    if hint:
        parts.append(f'<p class="muted">{escape(hint)}</p>')
    return _section("translation", *parts)


def _count_table(rows: Iterable[tuple[str, int]]) -> str:
    body = "".join(f'<tr><td>{escape(label)}</td><td class="num">{n:,}</td></tr>' for label, n in rows)
    return f"<table><tbody>{body}</tbody></table>"


def _footer(report: Mapping[str, Any]) -> str:
    config = ", ".join(f"{escape(k)} {escape(json.dumps(v))}" for k, v in report.get("config", {}).items())
    versions = ", ".join(f"{escape(k)} {escape(str(v))}" for k, v in report.get("versions", {}).items())
    return f"<footer><p>Configuration: {config}</p><p>Versions: {versions}</p></footer>"
