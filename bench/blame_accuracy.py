"""How well the blame detector agrees with labelled sentences.

    python bench/blame_accuracy.py [CORPUS.tsv ...]

Each corpus is a tab-separated file with a header `label, category, text`; `label` is `blame`
or `ok`. A sentence counts as flagged when the detector reports at least one finding in it.
Prints precision, recall and F1 for `blame`, recall per category (and how often the first
finding names the labelled category), then every miss and every false alarm. With no
argument it reads the development corpus and our four sets of sentences in `tests/data/`
(paraphrases, then three sets written later, each without sight of the rules).
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from debrief.checks import check_text

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CORPORA = [
    DATA / "blame_corpus_dev.tsv",
    DATA / "blame_paraphrases.tsv",
    DATA / "blame_fresh.tsv",
    DATA / "blame_unseen.tsv",
    DATA / "blame_fourth.tsv",
]


@dataclass
class Report:
    """The counts behind the figures, and the sentences the detector got wrong."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    per_category: Counter[str] = field(default_factory=Counter)
    found_per_category: Counter[str] = field(default_factory=Counter)
    same_category: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str]] = field(default_factory=list)
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        blame = self.true_positives + self.false_negatives
        return self.true_positives / blame if blame else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def read_corpus(path: Path) -> list[dict[str, str]]:
    """The labelled rows of a corpus file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def evaluate(rows: list[dict[str, str]]) -> Report:
    """Run the detector over every row and tally agreement with the labels."""
    report = Report()
    for row in rows:
        findings = check_text(row["text"])
        is_blame = row["label"] == "blame"
        if is_blame:
            report.per_category[row["category"]] += 1
        if findings and is_blame:
            report.true_positives += 1
            report.found_per_category[row["category"]] += 1
            if findings[0].category == row["category"]:
                report.same_category[row["category"]] += 1
        elif findings:
            report.false_positives += 1
            found = "; ".join(f"{f.rule} '{f.text}'" for f in findings)
            report.false_alarms.append((row["category"], row["text"], found))
        elif is_blame:
            report.false_negatives += 1
            report.misses.append((row["category"], row["text"]))
    return report


def describe(name: str, report: Report) -> str:
    """The report as text."""
    lines = [
        f"== {name}",
        f"blame: precision {report.precision:.3f}  recall {report.recall:.3f}  "
        f"F1 {report.f1:.3f}  ({report.true_positives} found, "
        f"{report.false_negatives} missed, {report.false_positives} false alarms)",
        "recall by category (and how often the first finding has that category):",
    ]
    for category, total in sorted(report.per_category.items()):
        found = report.found_per_category[category]
        same = report.same_category[category]
        lines.append(f"  {category:<22} {found / total:.2f}  ({found}/{total}, {same} same)")
    lines.append(f"misses ({len(report.misses)}):")
    lines.extend(f"  [{category}] {text}" for category, text in report.misses)
    lines.append(f"false alarms ({len(report.false_alarms)}):")
    lines.extend(f"  [{cat}] {text}\n      -> {found}" for cat, text, found in report.false_alarms)
    return "\n".join(lines)


def main(arguments: list[str]) -> int:
    paths = [Path(argument) for argument in arguments] or CORPORA
    for path in paths:
        print(describe(path.name, evaluate(read_corpus(path))))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
