"""Related projects: which existing projects overlap a project (or one being registered),
so that overlapping initiatives are found before they start (seed 004: «identifisere
moglege prosjektkoplingar»).

Text is compared as TF-IDF vectors of Norwegian Snowball stems (the same stemmer as the
case search, ``search.text``), with the words every plan uses left out; the target group,
priority groups and parties add their overlap (Jaccard). Pure functions over
``ProjectProfile`` values; the selector builds the profiles from the database."""

import math
from collections import Counter
from dataclasses import dataclass, field

from samhandling.search.text import stem, words

# Function words of bokmål and nynorsk, and words every project text uses; they say nothing
# about what a project is about.
STOP_WORDS = frozenset(
    [
        "og",
        "i",
        "å",
        "er",
        "det",
        "som",
        "på",
        "for",
        "med",
        "til",
        "av",
        "ein",
        "en",
        "eit",
        "et",
        "ei",
        "den",
        "dei",
        "de",
        "har",
        "vere",
        "være",
        "vert",
        "blir",
        "vil",
        "skal",
        "kan",
        "må",
        "om",
        "frå",
        "fra",
        "ved",
        "seg",
        "sin",
        "sitt",
        "sine",
        "vi",
        "me",
        "oss",
        "vår",
        "våre",
        "an",
        "at",
        "så",
        "også",
        "men",
        "eller",
        "ikkje",
        "ikke",
        "no",
        "nå",
        "etter",
        "over",
        "under",
        "mellom",
        "mot",
        "slik",
        "dette",
        "desse",
        "disse",
        "kva",
        "hva",
        "korleis",
        "hvordan",
        "kven",
        "hvem",
        "der",
        "her",
        "når",
        "noko",
        "noe",
        "nokre",
        "noen",
        "alle",
        "andre",
        "anna",
        "annen",
        "meir",
        "mer",
        "mykje",
        "mye",
        "både",
        "samt",
        "m.a",
        "t.d",
        "bl.a",
        "gjennom",
        "utan",
        "uten",
        "inn",
        "ut",
        "opp",
        "heile",
        "hele",
        "godt",
        "god",
        "gode",
        "betre",
        "bedre",
        "prosjekt",
        "prosjektet",
        "prosjekta",
        "prosjekter",
        "arbeid",
        "arbeidet",
        "arbeida",
    ]
)

WEIGHTS = {"text": 0.55, "target": 0.2, "priority": 0.15, "parties": 0.1}


@dataclass(frozen=True)
class ProjectProfile:
    key: object
    text: str
    priority_groups: frozenset = field(default_factory=frozenset)
    parties: frozenset = field(default_factory=frozenset)
    # Age bands, municipalities and LKT bands, each tagged so they never collide.
    target: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True)
class Match:
    profile: ProjectProfile
    score: float
    text: float
    shared_terms: tuple[str, ...]
    shared_priority_groups: frozenset
    shared_parties: frozenset
    shared_target: frozenset


def terms(text: str) -> Counter:
    return Counter(
        stem(word)
        for word in words(text)
        if word not in STOP_WORDS and len(word) > 2 and not word.isdigit()
    )


def display_words(text: str) -> dict[str, str]:
    """Each stem with the first word of the text it came from, to show people words."""
    shown: dict[str, str] = {}
    for word in words(text):
        shown.setdefault(stem(word), word)
    return shown


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _vectors(profiles: list[ProjectProfile]) -> list[dict[str, float]]:
    counts = [terms(p.text) for p in profiles]
    documents = len(counts)
    frequency = Counter(term for count in counts for term in count)
    vectors = []
    for count in counts:
        # Smoothed IDF: a stem in every project weighs little but not nothing.
        vector = {
            term: (1 + math.log(n)) * math.log((1 + documents) / (1 + frequency[term]) + 1)
            for term, n in count.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({term: v / norm for term, v in vector.items()})
    return vectors


def rank_related(
    subject: ProjectProfile,
    others: list[ProjectProfile],
    *,
    limit: int = 5,
    minimum: float = 0.05,
) -> list[Match]:
    """The other projects most like ``subject``, best first, leaving out ``subject`` itself
    and those below ``minimum``; ties keep the order they came in."""
    others = [p for p in others if p.key != subject.key]
    vectors = _vectors([subject, *others])
    mine = vectors[0]
    shown = display_words(subject.text)
    matches = []
    for profile, vector in zip(others, vectors[1:], strict=True):
        shared = set(mine) & set(vector)
        text = sum(mine[t] * vector[t] for t in shared)
        target = _jaccard(subject.target, profile.target)
        priority = _jaccard(subject.priority_groups, profile.priority_groups)
        parties = _jaccard(subject.parties, profile.parties)
        score = (
            WEIGHTS["text"] * text
            + WEIGHTS["target"] * target
            + WEIGHTS["priority"] * priority
            + WEIGHTS["parties"] * parties
        )
        if score < minimum:
            continue
        top_terms = sorted(shared, key=lambda t: -(mine[t] * vector[t]))[:5]
        matches.append(
            Match(
                profile=profile,
                score=score,
                text=text,
                shared_terms=tuple(shown.get(t, t) for t in top_terms),
                shared_priority_groups=subject.priority_groups & profile.priority_groups,
                shared_parties=subject.parties & profile.parties,
                shared_target=subject.target & profile.target,
            )
        )
    matches.sort(key=lambda m: -m.score)
    return matches[:limit]
