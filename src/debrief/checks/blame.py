"""Blame-oriented wording: a sentence-level detector driven by the rules in `blame_rules.toml`.

Text goes through three steps before any rule sees it, each keeping every offset in place so a
finding points at the words as written:

1. Code spans, fenced code and quoted text are blanked out: mentioning a phrase is not using it.
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

_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
# A word whose first letter is not a lower-case ASCII or Latin-1 letter; `_is_capitalised`
# settles the rest, so that most words never reach Python code.
_CAPITALISED = re.compile(
    r"(?<![\w'@.-])((?![a-z\u00df-\u00f6\u00f8-\u00ff])[^\W\d_]+(?:-[^\W\d_]+)?)(?![\w@])"
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9][\w.-]*\w")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[^\n]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)[^`\n].*?\1")
_QUOTED = re.compile(
    r"\"[^\"\n]{1,300}\"|“[^”\n]{1,300}”|(?<![\w'])'(?=\S)[^'\n]{1,300}(?<=\S)'(?![\w'])"
)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]”\u2019]*(?=\s)|\n")
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
    triggers: frozenset[str]
    pattern: re.Pattern[str]
    message: str
    suggestion: str
    question: str
    only_questions: bool = False
    not_before: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None


@dataclass(frozen=True)
class RuleBook:
    """Every rule, the word lists that recognise names, and an index from trigger to rules."""

    rules: tuple[Rule, ...]
    by_trigger: dict[str, tuple[Rule, ...]]
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
    determiner = (
        r"(?:the|a|an|our|their|that|this|one|some|every|each|any|his|her|my|your|whichever"
        r"|one\s+of\s+the|whoever's)"
    )
    on_duty = (
        r"(?:\s+(?:on\s+(?:shift|call|duty)|at\s+the\s+time|in\s+charge|that\s+(?:night|day)))?"
    )
    role = rf"{determiner}\s+(?:[\w'-]+\s+){{0,2}}?{lists['role']}{on_duty}"
    core = rf"(?<![\w'])(?:{name}|{role}|{lists['pronoun']}|{lists['bare_role']})"
    person = rf"{core}(?![\w'{_MARK}-])"
    past_participle = (
        r"(?!been\b|be\b)(?:[a-z]+ed|known|read|run|done|seen|caught|thought|gone|made|set"
        r"|put|let|hit|cut|shut|written|told|held|kept|left|sent|built|brought|taken|given"
        r"|spoken|found|understood|got|gotten)"
    )
    adverb = (
        r"(?:really|clearly|obviously|simply|just|also|probably|definitely|certainly|surely"
        r"|apparently|still|totally|absolutely|honestly|frankly|already|easily|never|even"
        r"|at\s+least|of\s+course|not|ever)"
    )
    return lists | {
        "name": name,
        "person": person,
        "person_who": rf"{person}(?:\s+who\s+[^,.;:?!]{{1,80}}?)?",
        "person_s": rf"(?:{core}(?:'s|')|\b(?:his|her))(?![\w'])",
        "pp": past_participle,
        "adverb": adverb,
    }


def _expand(pattern: str, values: dict[str, str]) -> re.Pattern[str]:
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
    for entry in data["rule"]:
        texts = categories[entry["category"]]
        rules.append(
            Rule(
                id=entry["id"],
                category=entry["category"],
                triggers=frozenset(entry["triggers"]),
                pattern=_expand(entry["pattern"], values),
                message=entry.get("message", texts["message"]),
                suggestion=entry.get("suggestion", texts["suggestion"]),
                question=entry.get("question_to_ask", texts["question_to_ask"]),
                only_questions=entry.get("question", False),
                not_before=_expand(entry["not_before"], values) if "not_before" in entry else None,
                not_after=_expand(entry["not_after"], values) if "not_after" in entry else None,
            )
        )
    index: dict[str, list[Rule]] = {}
    for rule in rules:
        for trigger in rule.triggers:
            index.setdefault(trigger, []).append(rule)
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


def _mask_quotes_and_code(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = _FENCE.sub(_blank, text)
    text = _CODE_SPAN.sub(_blank, text)
    return _QUOTED.sub(_blank, text)


def _looks_like_name(word: str, book: RuleBook) -> bool:
    lower = word.lower()
    if lower in book.not_names or lower.endswith(book.common_noun_endings):
        return False
    # Plurals start sentences without "the" ("Backups failed", "Caches were cold"); names
    # with a plural-looking ending ("Jonas", "Marcus", "Ines") are kept.
    return not lower.endswith("s") or lower.endswith(_NAME_ENDINGS_IN_S)


def find_names(text: str, known: Iterable[str] = ()) -> set[str]:
    """The words of `text` (already masked) that name people, plus the `known` names."""
    book = rule_book()
    names = {word for word in known if word}
    for match in _CAPITALISED.finditer(text):
        word = match.group(1)
        if not _is_capitalised(word) or word in names or word.lower() in book.not_names:
            continue
        after = _NEXT_WORD.match(text, match.end())
        possessive = bool(after and after.group(1))
        following = (after.group(2) or "").lower() if after else ""
        if not possessive and following in book.system_nouns:
            continue
        inside_sentence = not _SENTENCE_START.search(
            text, max(0, match.start() - 12), match.start()
        )
        in_a_name_position = (
            possessive
            or following in book.name_followers
            or book.after_label.search(text, max(0, match.start() - 40), match.start())
        )
        if inside_sentence or (in_a_name_position and _looks_like_name(word, book)):
            names.add(word)
    return names


def _mask_names(text: str, names: set[str]) -> str:
    def mark(match: re.Match[str]) -> str:
        word = match.group(1)
        return _MARK * len(word) if word in names else word

    text = _HANDLE.sub(lambda m: _MARK * len(m.group()), text)
    if names:
        text = _CAPITALISED.sub(mark, text)
    return text


def _is_capitalised(word: str) -> bool:
    # "Zoë", "McKenzie" and "Jean-Luc" are; "DNS" and "the" are not.
    return len(word) > 1 and word[0].isupper() and not word.isupper()


def _mask_leading_roles(text: str) -> str:
    # Notes drop the article: "on-call missed the page", "- intern did not run it".
    pattern = rule_book().leading_role
    pieces = []
    done = 0
    for start, _ in sentences(text):
        match = pattern.match(text, start)
        if match:
            role_start, role_end = match.span(1)
            pieces += [text[done:role_start], _MARK * (role_end - role_start)]
            done = role_end
    return "".join(pieces) + text[done:]


def prepare(text: str, people: Iterable[str] = ()) -> str:
    """`text` with quotes and code blanked and people marked, every offset unchanged."""
    masked = _mask_quotes_and_code(text)
    return _mask_leading_roles(_mask_names(masked, find_names(masked, people)))


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
    if stripped:
        first = start + (len(piece) - len(piece.lstrip()))
        yield first, first + len(stripped)


def _is_question(sentence: str) -> bool:
    return sentence.rstrip("\"')]”\u2019 ").endswith("?")


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
            rule for word in words & book.by_trigger.keys() for rule in book.by_trigger[word]
        }
        if not candidates:
            continue
        sentence = masked[start:end]
        taken: list[tuple[int, int]] = []
        for rule in book.rules:
            if rule not in candidates:
                continue
            if rule.only_questions and not _is_question(sentence):
                continue
            for match in rule.pattern.finditer(sentence):
                hit_start, hit_end = _hit(sentence, match)
                if hit_end <= hit_start or any(
                    hit_start < other_end and other_start < hit_end
                    for other_start, other_end in taken
                ):
                    continue
                if rule.not_before and rule.not_before.search(sentence, 0, hit_start):
                    continue
                if rule.not_after and rule.not_after.match(sentence[hit_end:]):
                    continue
                taken.append((hit_start, hit_end))
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


def _hit(sentence: str, match: re.Match[str]) -> tuple[int, int]:
    # Patterns may begin with the punctuation or the linking word before a clause; the
    # finding starts at the first word of what was matched.
    start, end = match.span()
    text = match.group()
    lead = len(text) - len(text.lstrip(" \t\n,;:—-\"'("))
    trail = len(text) - len(text.rstrip())
    return start + lead, end - trail
