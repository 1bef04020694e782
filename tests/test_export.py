"""Markdown and JSON export: the template's sections, and typed text that stays text."""

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from debrief.export import block, cell, inline, to_json, to_markdown
from debrief.model import ActionItem, ActionStatus, EventKind, Factor, TimelineEvent
from debrief.resources import sample_sessions

SECTIONS = [
    "## Incident Summary",
    "## Timeline",
    "## Root Cause",
    "## Contributing Factors",
    "## What Went Well",
    "## What Didn't Go Well",
    "## Action Items",
    "## Follow-up",
    "## Meeting Record",
]

NASTY = [
    "a | b || c",
    "first line\nsecond line",
    "run `kubectl drain` now",
    "<script>alert(1)</script> and <b>bold</b>",
    "# not a heading",
    "- not a list",
    "1. not a list either",
    "*stars* and _underscores_ and customer_id",
    "[link](http://example.com) ![img](x.png)",
    "&amp; &lt; stay as typed",
    "back\\slash \\| and ~~strike~~",
    "> not a quote",
    "---",
    "+ plus",
]


def parse(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def cells(markdown: str) -> list[list[str]]:
    """Every table's rows, as the text a reader sees in each cell."""
    rows: list[list[str]] = []
    tokens = parse(markdown)
    for i, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            rows[-1].append(visible_text(token))
    return rows


def visible_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type == "html_inline" and child.content == "<br>":
            parts.append("\n")
        elif child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def test_every_section_and_three_tables(session):
    markdown = to_markdown(session)

    assert markdown.startswith("# Postmortem: Orders API 5xx\n")
    positions = [markdown.index(heading + "\n") for heading in SECTIONS]
    assert positions == sorted(positions)
    headers = [row for row in cells(markdown) if row[0] in ("Field", "Time (UTC)", "Step")]
    assert headers == [["Field", "Value"], ["Time (UTC)", "Event"], ["Step", "Planned", "Spent"]]


def test_the_summary_says_where_duration_and_time_to_detect_come_from(session):
    rows = dict(row for row in cells(to_markdown(session)) if len(row) == 2)

    assert rows["Duration"] == "21 min (from the timeline)"
    assert rows["Time to detect"] == "3 min (from the timeline)"
    assert rows["Severity"] == "Major"
    assert rows["Date"] == "2026-06-21"


def test_timeline_rows_are_in_time_order_with_dates_when_it_spans_days(session):
    session.timeline.append(
        TimelineEvent(time=datetime(2026, 6, 22, 0, 10, tzinfo=UTC), event="next day")
    )
    session.timeline.insert(
        0, TimelineEvent(time=datetime(2026, 6, 21, 13, 55, tzinfo=UTC), event="earlier")
    )

    rows = [row for row in cells(to_markdown(session)) if len(row) == 2 and ":" in row[0]]
    times = [row[0] for row in rows if row[0][:4] == "2026"]

    assert times == [
        "2026-06-21 13:55",
        "2026-06-21 14:00",
        "2026-06-21 14:03",
        "2026-06-21 14:04",
        "2026-06-21 14:21",
        "2026-06-22 00:10",
    ]


def test_a_one_day_timeline_shows_times_only_and_marks_rough_ones(session):
    session.timeline[0].approximate = True

    rows = [row for row in cells(to_markdown(session)) if row[0][:1] in "~1"]

    assert [row[0] for row in rows] == ["~14:00", "14:03", "14:04", "14:21"]
    assert rows[0][1] == "Release v2.4.1 rolled out (trigger)"


@pytest.mark.parametrize("text", NASTY)
def test_typed_text_stays_intact_in_every_table(session, text):
    session.summary.customer_impact = text
    session.timeline[1].event = text
    session.action_items = [ActionItem(item=text, owner=text, status=ActionStatus.DONE)]

    rows = cells(to_markdown(session))

    summary = dict(row for row in rows if len(row) == 2)
    assert summary["Customer impact"] == text
    assert any(row[1] == f"{text} (detection)" for row in rows if len(row) == 2)
    action = next(row for row in rows if len(row) == 4 and row[0] != "Action Item")
    assert action == [text, text, "", "☑ done"]


@pytest.mark.parametrize("text", NASTY)
def test_typed_text_never_becomes_markup_outside_tables(session, text):
    session.summary.title = text
    session.analysis.root_cause = text
    session.lessons.went_poorly = [text]
    session.factors = [Factor(text=text, wont_fix=text)]

    tokens = parse(to_markdown(session))

    kinds = {token.type for token in tokens}
    assert "html_block" not in kinds
    assert "blockquote_open" not in kinds
    assert "hr" not in kinds
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert len(headings) == 10  # the title, nine sections; no heading from typed text
    inline_kinds = {child.type for t in tokens for child in t.children or []}
    assert inline_kinds <= {
        "text",
        "softbreak",
        "hardbreak",
        "html_inline",
        "strong_open",
        "strong_close",
        "em_open",
        "em_close",
    }
    html = [c.content for t in tokens for c in t.children or [] if c.type == "html_inline"]
    assert set(html) <= {"<br>"}
    texts = "".join(visible_text(t) for t in tokens if t.type == "inline")
    for line in text.splitlines():
        assert line in texts


def test_multi_line_text_in_a_list_stays_in_its_item():
    markdown = "- " + block("first\n# second\n\nthird", "  ")

    tokens = parse(markdown)

    assert [t.type for t in tokens].count("list_item_open") == 1
    assert "heading_open" not in [t.type for t in tokens]


def test_escaping_helpers_leave_plain_words_alone():
    assert inline("Release v2.4.1 rolled out to customer_id 14:03") == (
        "Release v2.4.1 rolled out to customer_id 14:03"
    )
    assert cell("") == " "


def test_the_same_session_gives_the_same_bytes_in_any_process():
    sample = str(sample_sessions()[1])

    def export_with_seed(seed: str, form: str) -> bytes:
        command = [sys.executable, "-m", "debrief", "export", sample, "--format", form]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        return subprocess.run(command, capture_output=True, check=True, env=env).stdout

    for form in ("md", "json"):
        assert export_with_seed("1", form) == export_with_seed("2", form)


def test_empty_sections_say_so():
    from debrief.agenda import new_session
    from debrief.model import Severity

    markdown = to_markdown(new_session("", Severity.MINOR))

    assert markdown.startswith("# Postmortem: Untitled incident\n")
    # Timeline, root cause, factors, went well, didn't go well, action items, follow-up.
    assert markdown.count("_Not recorded._") == 7
    assert "| Duration | unknown (no start and recovery marked) |" in markdown


def test_action_items_show_status_priority_and_ticket(session):
    session.action_items = [
        ActionItem(
            item="Add an index",
            owner="Dana",
            deadline=date(2026, 6, 25),
            status=ActionStatus.IN_PROGRESS,
            priority="high",
            ticket="https://tracker.example.com/OPS-1",
        )
    ]

    markdown = to_markdown(session)

    assert (
        "| Add an index (priority high, <https://tracker.example.com/OPS-1>) | Dana | 2026-06-25 "
        "| ◐ in progress |" in markdown
    )


def test_json_holds_the_whole_session_and_the_derived_values(session):
    data = json.loads(to_json(session))

    assert data["schema_version"] == 1
    assert data["summary"]["title"] == "Orders API 5xx"
    assert data["timeline"][0] == {
        "time": "2026-06-21T14:00:00Z",
        "event": "Release v2.4.1 rolled out",
        "approximate": False,
        "precision": "minute",
        "kind": EventKind.TRIGGER.value,
        "source": "",
    }
    assert sum(step["planned_seconds"] for step in data["meeting"]["steps"]) == 3600
    assert data["derived"]["duration_minutes"] == {"minutes": 21, "source": "timeline"}
