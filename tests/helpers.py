"""Small builders shared by the tests."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "corpus"
SHARED = REPO.parent / "shared"


def body(topic: str, words: int = 40) -> str:
    """A sentence-ending paragraph of ``words`` distinct-ish words about ``topic``."""
    filler = [f"{topic}{i}" for i in range(words - 2)]
    return f"The {topic} " + " ".join(filler) + "."


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def comparable(path: Path) -> bytes | dict:
    """A results file as two identical runs must write it: its bytes, or for
    ``report.json`` its JSON without ``timing`` (seconds and memory differ between runs)."""
    if path.name != "report.json":
        return path.read_bytes()
    report = json.loads(path.read_text(encoding="utf-8"))
    assert set(report.pop("timing")) == {"seconds", "total_seconds", "peak_memory_mb"}
    return report
