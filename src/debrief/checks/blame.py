"""Blame-oriented wording: a sentence-level detector driven by the rules in `blame_rules.toml`.

Text goes through three steps before any rule sees it, each keeping every offset in place so a
finding points at the words as written:

1. Code spans, fenced code, HTML tags and comments, Markdown emphasis marks and quoted text are
   blanked out: mentioning a phrase is not using it.
2. Names of people (from the session, @handles, and capitalised words in the positions names
   take) are replaced by a marker that the `{person}` placeholder of the rules matches.
3. The text is cut into sentences; a rule is tried only on sentences holding one of its
   trigger words, which keeps checking a long document close to the speed of reading it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from debrief.checks.findings import Family, Finding, LineIndex

_MARK = "\ue000"
"""Stands in for each character of a person's name; no text holds it (Unicode private use)."""

# Each pattern below starts with a character class or a literal and looks behind only after
# it, so that the regular expression engine skips quickly through ordinary text.

_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
# A word whose first letter is not a lower-case ASCII or Latin-1 letter; `_is_capitalised`
# settles the rest, so that most words never reach Python code.
_CAPITALISED = re.compile(
    r"([^\W\d_a-z\u00df-\u00f6\u00f8-\u00ff](?<![\w'@-].)[^\W\d_]*"
    r"(?:'[A-Z][^\W\d_]*)?(?:-[^\W\d_]+)?)(?![\w@])"
)
_HANDLE = re.compile(r"@(?<![\w@.]@)[A-Za-z0-9][\w.-]*\w")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[^\n]*$|\Z)", re.M | re.S)
# A code span opens at the start of a run of backticks and closes at a run of the same length;
# possessive runs keep a line of a thousand backticks linear.
_CODE_SPAN = re.compile(r"(?<!`)(`++)(?=[^`\n]).*?(?<!`)\1(?!`)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,200}>")
_EMPHASIS = re.compile(r"[*_]++")
_QUOTES = {
    # Not an inch mark: nothing word-like before the opening mark or after the closing one.
    '"': re.compile(r'"(?<![\w"]")[^"\n]{1,300}"(?![\w"])'),
    "“": re.compile(r"“[^”\n]{1,300}”"),
    # Not an apostrophe: no letter before the opening mark or after the closing one.
    "'": re.compile(r"'(?<![\w']')(?=\S)[^'\n]{1,300}(?<=\S)'(?![\w'])"),
}
# A sentence ends at . ! or ? before white space (or before a capital, for "the pool.Dana"),
# and at a line break unless the next line carries on in lower case (wrapped text). Runs of
# marks are matched from their first mark only, so a line of dots stays linear.
_SENTENCE_END = re.compile(
    r"[.!?](?<![.!?].)[.!?]*+[\"')\]”\u2019]*+(?=\s|(?<=[a-z][.!?])[A-Z][a-z])"
    r"|\n(?![ \t]*[a-z])"
)
_LONGEST_SENTENCE = 600
"""Longer stretches without a sentence end are cut at commas or spaces, to bound the work."""
_SENTENCE_START = re.compile(
    r"(?:^|[.!?:;\"“(\[*•>#|=-]|\d{1,2}:\d{2}(?::\d{2})?(?:Z|\s*UTC)?)\s*$"
)
_NAME_ENDINGS_IN_S = ("as", "is", "us", "os", "nes", "mes", "res")
_NEXT_WORD = re.compile(r"('s|\u2019s)?\s*([A-Za-z][\w'-]*)?")


@dataclass(frozen=True, eq=False)
class Rule:
    """One kind of blame-oriented wording, as read from the rules file."""

    id: str
    category: str
    message: str
    suggestion: str
    question: str
    only_questions: bool = False
    not_before: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None


@dataclass(frozen=True, eq=False)
class Form:
    """One way a rule's wording is written: a pattern, tried when a trigger word is present."""

    rule: Rule
    order: int
    triggers: frozenset[str]
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class RuleBook:
    """Every rule, the word lists that recognise names, and an index from trigger to forms."""

    rules: tuple[Rule, ...]
    by_trigger: dict[str, tuple[Form, ...]]
    not_names: frozenset[str]
    system_nouns: frozenset[str]
    name_followers: frozenset[str]
    common_noun_endings: tuple[str, ...]
    after_label: re.Pattern[str]
    leading_role: re.Pattern[str]


def rules_text() -> str:
    """The rules file as written, for review and for tests of what it holds."""
    return resources.files("debrief.checks").joinpath("blame_rules.toml").read_text("utf-8")


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so "on-call engineer" wins over "on-call".
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def _placeholders(words: dict[str, list[str]]) -> dict[str, str]:
    lists = {name: _alternation(values) for name, values in words.items()}
    name = f"{_MARK}+(?:[\\s-]{_MARK}+)*"
    on_duty = rf"(?:\s+{lists['on_duty']})?"
    role = rf"{lists['determiner']}\s+(?:[\w'-]+\s+){{0,2}}?{lists['role']}{on_duty}"
    core = rf"(?<![\w'])(?:{name}|{role}|{lists['pronoun']}|{lists['bare_role']})"
    person = rf"{core}(?![\w'{_MARK}-])"
    # Regular past participles end in -ed; "been" would make the sentence passive.
    past_participle = rf"(?!been\b|be\b)(?:[a-z]+ed|{lists['irregular_participle']})"
    return lists | {
        "name": name,
        "person": person,
        # "the engineer who set the TTL should have", "Dana, honestly, should have"
        "person_who": rf"{person}(?:\s+who\s+[^,.;:?!]{{1,80}}?|,\s+[^,.;:?!]{{1,40}},)?",
        "person_s": rf"(?:{core}(?:'s|')|\b(?:his|her))(?![\w'])",
        "pp": past_participle,
    }


def _expand(pattern: str | list[str], values: dict[str, str]) -> re.Pattern[str]:
    # A long pattern is written as a list of pieces, one a line, read as one.
    if isinstance(pattern, list):
        pattern = "".join(pattern)

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"unknown placeholder {{{key}}} in a blame rule")
        return values[key]

    return re.compile(re.sub(r"\{([a-z_]+)\}", replace, pattern), re.IGNORECASE)


@cache
def rule_book() -> RuleBook:
    """The rules, compiled once."""
    data = tomllib.loads(rules_text())
    values = _placeholders(data["words"])
    categories = data["categories"]
    rules = []
    forms: list[Form] = []
    for entry in data["rule"]:
        texts = categories[entry["category"]]
        rule = Rule(
            id=entry["id"],
            category=entry["category"],
            message=entry.get("message", texts["message"]),
            suggestion=entry.get("suggestion", texts["suggestion"]),
            question=entry.get("question_to_ask", texts["question_to_ask"]),
            only_questions=entry.get("question", False),
            not_before=_expand(entry["not_before"], values) if "not_before" in entry else None,
            not_after=_expand(entry["not_after"], values) if "not_after" in entry else None,
            unless=_expand(entry["unless"], values) if "unless" in entry else None,
        )
        rules.append(rule)
        for form in entry.get("form", [entry]):
            pattern = _expand(form["pattern"], values)
            forms.append(Form(rule, len(forms), frozenset(form["triggers"]), pattern))
    index: dict[str, list[Form]] = {}
    for form in forms:
        for trigger in form.triggers:
            index.setdefault(trigger, []).append(form)
    names = data["names"]
    return RuleBook(
        rules=tuple(rules),
        by_trigger={word: tuple(found) for word, found in index.items()},
        not_names=frozenset(names["not_names"]),
        system_nouns=frozenset(names["system_nouns"]),
        name_followers=frozenset(names["name_followers"]),
        common_noun_endings=tuple(names["common_noun_endings"]),
        after_label=re.compile(
            rf"\b{_alternation(names['name_labels'])}(?:\s+#?\d+)?\s*:\s*$", re.IGNORECASE
        ),
        leading_role=re.compile(
            rf"(?:[-*•]\s+|\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+)*({_alternation(data['words']['role'])})"
            rf"(?=\s+{_alternation(names['name_followers'])}\b)",
            re.IGNORECASE,
        ),
    )


def _blank(match: re.Match[str]) -> str:
    # Newlines stay, so line numbers and sentence ends do not move.
    return re.sub(r"[^\n]", " ", match.group())


def _blank_emphasis(match: re.Match[str]) -> str:
    # Markdown emphasis opens before a word or closes after one ("**Dana** should");
    # snake_case and arithmetic keep their marks.
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1].isalnum() if start else False
    after = text[end].isalnum() if end < len(text) else False
    return " " * (end - start) if before != after and end - start <= 3 else match.group()


def _mask_quotes_and_code(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    if "`" in text or "~~~" in text:
        text = _CODE_SPAN.sub(_blank, _FENCE.sub(_blank, text))
    if "<" in text:
        text = _HTML_TAG.sub(_blank, _HTML_COMMENT.sub(_blank, text))
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(_blank_emphasis, text)
    for mark, pattern in _QUOTES.items():
        if mark in text:
            text = pattern.sub(_blank, text)
    return text


def _looks_like_name(word: str, book: RuleBook) -> bool:
    lower = word.lower()
    if lower in book.not_names or lower.endswith(book.common_noun_endings):
        return False
    # Plurals start sentences without "the" ("Backups failed", "Caches were cold"); names
    # with a plural-looking ending ("Jonas", "Marcus", "Ines") are kept.
    return not lower.endswith("s") or lower.endswith(_NAME_ENDINGS_IN_S)


def _capitalised_words(text: str) -> list[tuple[int, int, str]]:
    return [
        (match.start(), match.end(), word)
        for match in _CAPITALISED.finditer(text)
        if _is_capitalised(word := match.group(1))
    ]


def _is_capitalised(word: str) -> bool:
    # "Zoë", "McKenzie" and "Jean-Luc" are; "DNS" and "the" are not.
    return len(word) > 1 and word[0].isupper() and not word.isupper()


def find_names(
    text: str, known: Iterable[str] = (), words: list[tuple[int, int, str]] | None = None
) -> set[str]:
    """The words of `text` (already masked) that name people, plus the `known` names."""
    book = rule_book()
    names = {word for word in known if word}
    for start, end, word in _capitalised_words(text) if words is None else words:
        if word in names or word.lower() in book.not_names:
            continue
        after = _NEXT_WORD.match(text, end)
        possessive = bool(after and after.group(1))
        following = (after.group(2) or "").lower() if after else ""
        if not possessive and following in book.system_nouns:
            continue
        inside_sentence = not _SENTENCE_START.search(text, max(0, start - 12), start)
        in_a_name_position = (
            possessive
            or following in book.name_followers
            or book.after_label.search(text, max(0, start - 40), start)
        )
        if inside_sentence or (in_a_name_position and _looks_like_name(word, book)):
            names.add(word)
    return names


def _mask_names(text: str, names: set[str], words: list[tuple[int, int, str]]) -> str:
    pieces = []
    done = 0
    for start, end, word in words:
        if word in names:
            pieces += [text[done:start], _MARK * (end - start)]
            done = end
    text = "".join(pieces) + text[done:]
    return _HANDLE.sub(lambda m: _MARK * len(m.group()), text) if "@" in text else text


def _mask_leading_role(sentence: str) -> str:
    # Notes drop the article: "on-call missed the page", "- intern did not run it".
    match = rule_book().leading_role.match(sentence)
    if not match:
        return sentence
    start, end = match.span(1)
    return sentence[:start] + _MARK * (end - start) + sentence[end:]


def _mask_known(text: str, people: frozenset[str]) -> str:
    # Names known from the session count however they are typed ("dana", "DANA").
    pattern = _known_pattern(people)
    return pattern.sub(lambda m: _MARK * len(m.group()), text) if pattern else text


@cache
def _known_pattern(people: frozenset[str]) -> re.Pattern[str] | None:
    if not people:
        return None
    names = "|".join(re.escape(name) for name in sorted(people, key=len, reverse=True))
    return re.compile(rf"(?<![\w'@-])(?:{names})(?![\w@-])", re.IGNORECASE)


def prepare(text: str, people: Iterable[str] = ()) -> str:
    """`text` with quotes and code blanked and names marked, every offset unchanged."""
    known = frozenset(people)
    masked = _mask_quotes_and_code(text)
    words = _capitalised_words(masked)
    return _mask_known(_mask_names(masked, find_names(masked, known, words), words), known)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each sentence of `text`, without surrounding white space."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield from _trimmed(text, start, match.end())
        start = match.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    first = start + (len(piece) - len(piece.lstrip()))
    last = first + len(stripped)
    while last - first > _LONGEST_SENTENCE:
        window = text[first : first + _LONGEST_SENTENCE]
        cut = max(window.rfind(", "), window.rfind("; "))
        if cut < _LONGEST_SENTENCE // 2:
            cut = window.rfind(" ")
        cut = cut + 1 if cut > 0 else _LONGEST_SENTENCE
        yield first, first + len(window[:cut].rstrip())
        first += cut
        while first < last and text[first].isspace():
            first += 1
    if last > first:
        yield first, last


def _is_question(sentence: str) -> bool:
    return re.search(r"\?[?!]*[\"')\]”\u2019 ]*$", sentence) is not None


def check_text(text: str, field: str | None = None, people: Iterable[str] = ()) -> list[Finding]:
    """Every blame-oriented phrase in `text`, in order; `people` are names known to be people."""
    book = rule_book()
    masked = prepare(text, people)
    lowered = masked.lower()
    lines = LineIndex(text)
    found: list[Finding] = []
    for start, end in sentences(masked):
        words = set(_WORD.findall(lowered, start, end))
        candidates = {
            form for word in words & book.by_trigger.keys() for form in book.by_trigger[word]
        }
        if not candidates:
            continue
        sentence = _mask_leading_role(masked[start:end])
        for rule, hit_start, hit_end in _hits(sentence, candidates):
            span = lines.span(start + hit_start, start + hit_end)
            found.append(
                Finding(
                    rule=rule.id,
                    category=rule.category,
                    family=Family.BLAME,
                    message=rule.message,
                    suggestion=rule.suggestion,
                    question=rule.question,
                    field=field,
                    span=span,
                    text=text[span.start : span.end],
                    sentence=text[start:end],
                )
            )
    found.sort(key=lambda finding: finding.span.start if finding.span else 0)
    return found


def _hits(sentence: str, candidates: set[Form]) -> Iterator[tuple[Rule, int, int]]:
    """The rule and span of each hit in one (masked) sentence; an earlier rule's hit wins
    over a later one's on the same words."""
    taken: list[tuple[int, int]] = []
    for form in sorted(candidates, key=lambda form: form.order):
        rule = form.rule
        if rule.only_questions and not _is_question(sentence):
            continue
        for match in form.pattern.finditer(sentence):
            start, end = _hit(sentence, match)
            overlaps = any(
                start < other_end and other_start < end for other_start, other_end in taken
            )
            if end <= start or overlaps or _silenced(rule, sentence, start, end):
                continue
            taken.append((start, end))
            yield rule, start, end


def _silenced(rule: Rule, sentence: str, start: int, end: int) -> bool:
    # The words around a hit can show it is a mention, a term or the system's doing.
    before, after, unless = rule.not_before, rule.not_after, rule.unless
    return bool(
        (before and before.search(sentence, max(0, start - 120), start))
        or (after and after.match(sentence, end, end + 120))
        or (unless and unless.match(sentence, start, end))
    )


def _hit(sentence: str, match: re.Match[str]) -> tuple[int, int]:
    # Patterns may begin with the punctuation or the linking word before a clause; the
    # finding starts at the first word of what was matched.
    start, end = match.span()
    text = match.group()
    lead = len(text) - len(text.lstrip(" \t\n,;:—-\"'("))
    trail = len(text) - len(text.rstrip())
    return start + lead, end - trail
