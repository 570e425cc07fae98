"""Text handling for the SQLite search path, and snippet formatting for both paths.

SQLite's FTS5 has no Norwegian stemmer, so the index holds text already stemmed in Python
with the same Snowball algorithm PostgreSQL's ``norwegian`` configuration uses, and queries
are stemmed the same way. Pure functions, testable without a database.

Before stemming, nynorsk forms are read as their bokmål counterparts (``variants.txt``, a
short list of common pairs), on both paths, when indexing and when querying: a search for
"hjemmeoppfølging" finds "heimeoppfølging" and the other way round.
"""

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

# Letters and digits in any script; underscores and punctuation separate words.
WORD = re.compile(r"[^\W_]+")
# The snippet markers PostgreSQL's ts_headline puts around hits; stripped from indexed text
# so a document can never forge them.
START_MARK = "\x02"
STOP_MARK = "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SPACE = re.compile(r"\s+")

_stemmer = snowballstemmer.stemmer("norwegian")
VARIANTS_FILE = Path(__file__).with_name("variants.txt")


@dataclass(frozen=True)
class Variants:
    """Rewrites from one written standard's form of a word to the other's."""

    words: dict[str, str]
    prefixes: list[tuple[str, str]]  # longest first
    infixes: list[tuple[str, str]]

    def normalise(self, word: str) -> str:
        if word in self.words:
            return self.words[word]
        for variant, canonical in self.prefixes:
            # A word already in the canonical form is left alone ("hjemme" starts with "hj").
            if word.startswith(variant) and not word.startswith(canonical):
                word = canonical + word[len(variant) :]
                break
        for variant, canonical in self.infixes:
            if variant in word and canonical not in word:
                word = word.replace(variant, canonical)
        return word


def parse_variants(text: str) -> Variants:
    words: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    infixes: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip().lower()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2:
            raise ValueError(f"{VARIANTS_FILE.name}:{number}: expected two forms, got {line!r}")
        variant, canonical = parts
        if variant.startswith("-") and variant.endswith("-"):
            infixes.append((variant.strip("-"), canonical.strip("-")))
        elif variant.endswith("-"):
            prefixes.append((variant.rstrip("-"), canonical.rstrip("-")))
        else:
            words[variant] = canonical
    prefixes.sort(key=lambda pair: -len(pair[0]))
    return Variants(words=words, prefixes=prefixes, infixes=infixes)


@lru_cache(maxsize=1)
def variants() -> Variants:
    return parse_variants(VARIANTS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=200_000)
def normalise(word: str) -> str:
    """One lower-cased word with a nynorsk form read as its bokmål counterpart."""
    return variants().normalise(word)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Norwegian stem of one lower-cased word, nynorsk and bokmål forms of the
    same word stemmed alike (cached: vocabularies are small)."""
    return _stemmer.stemWord(normalise(word))


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def stem_text(text: str) -> str:
    """The text as space-separated stems, ready for the FTS5 table."""
    return " ".join(stem(word) for word in words(text))


def normalise_text(text: str) -> str:
    """The text lower-cased with every word normalised and everything else kept: what
    PostgreSQL's own ``norwegian`` configuration indexes and parses (queries keep their
    quotes, ``or`` and minus signs)."""
    return WORD.sub(lambda match: normalise(match.group()), text.lower())


def plain_text(value: str) -> str:
    """Plain text from (sanitised) rich text: tags dropped, entities decoded, spaces folded."""
    if not value:
        return ""
    text = html.unescape(strip_tags(value.replace("<", " <")))
    return _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()


@dataclass
class ParsedQuery:
    """A web-search style query: words and "quoted phrases" must all match, ``or`` between
    two terms makes either do, a leading minus excludes a term."""

    groups: list[list[list[str]]] = field(default_factory=list)  # AND of OR of phrases
    excluded: list[list[str]] = field(default_factory=list)

    @property
    def stems(self) -> set[str]:
        return {s for group in self.groups for phrase in group for s in phrase}

    def is_empty(self) -> bool:
        return not self.groups

    def fts5(self) -> str:
        """The FTS5 MATCH expression; every stem is quoted, so no user input is syntax."""

        def phrase(stems: list[str]) -> str:
            return '"' + " ".join(stems) + '"'

        expression = " AND ".join(
            "(" + " OR ".join(phrase(p) for p in group) + ")" for group in self.groups
        )
        if self.excluded:
            expression = f"({expression}) NOT ({' OR '.join(phrase(p) for p in self.excluded)})"
        return expression


_QUERY_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(query: str) -> ParsedQuery:
    parsed = ParsedQuery()
    pending_or = False
    for match in _QUERY_TERM.finditer(query):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare.lower() == "or":
            pending_or = bool(parsed.groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        stems = [stem(w) for w in words(quoted if quoted is not None else bare)]
        if not stems:
            continue
        if negated:
            parsed.excluded.append(stems)
        elif pending_or:
            parsed.groups[-1].append(stems)
        else:
            parsed.groups.append([stems])
        pending_or = False
    return parsed


def highlight(text: str, stems: set[str], *, length: int = 32, before: int = 10) -> SafeString:
    """A window of about ``length`` words around the first hit, hits in ``<mark>``."""
    tokens = list(WORD.finditer(text))
    if not tokens:
        return mark_safe("")
    hits = [i for i, token in enumerate(tokens) if stem(token.group().lower()) in stems]
    first = max(0, hits[0] - before) if hits else 0
    last = min(len(tokens), first + length)
    hit_set = set(hits)
    start = tokens[first].start()
    end = tokens[last - 1].end()
    parts: list[str] = ["… "] if first > 0 else []
    position = start
    for i in range(first, last):
        token = tokens[i]
        parts.append(html.escape(text[position : token.start()]))
        word = html.escape(token.group())
        parts.append(f"<mark>{word}</mark>" if i in hit_set else word)
        position = token.end()
    parts.append(html.escape(text[position:end]))
    if last < len(tokens):
        parts.append(" …")
    # Safe: every piece of the text was escaped above.
    return mark_safe("".join(parts))


def format_headline(headline: str) -> SafeString:
    """PostgreSQL's ts_headline output (hits between control markers) as safe HTML."""
    escaped = html.escape(headline or "")
    # Safe: escaped above; only our own markers become tags.
    return mark_safe(escaped.replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>"))
