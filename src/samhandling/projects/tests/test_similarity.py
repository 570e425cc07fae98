"""The related-projects ranking on a small labelled set: the pairs that overlap rank first.
Pure: profiles are values, no database."""

from hypothesis import given
from hypothesis import strategies as st

from samhandling.projects.similarity import ProjectProfile, rank_related


def profile(key, text, *, groups=(), parties=(), target=()):
    return ProjectProfile(
        key=key,
        text=text,
        priority_groups=frozenset(groups),
        parties=frozenset(parties),
        target=frozenset(target),
    )


# Labelled: each project's true overlap is named in OVERLAPS.
PROJECTS = [
    profile(
        "sbu",
        "Samhandlingsforløp barn og unge: betre samanheng og koordinering av tenester for barn "
        "og unge, analyse av pasientforløp, overgangar mellom sjukehus og daglegliv",
        groups={"barn"},
        parties={"hb", "bergen"},
        target={"age:0-18"},
    ),
    profile(
        "saman",
        "Saman for Barn og Unge: Bergen kommune og Helse Bergen jobbar saman om koordinerte "
        "tenester og forløp for barn og unge",
        groups={"barn"},
        parties={"hb", "bergen"},
        target={"age:0-18"},
    ),
    profile(
        "fallforebygging",
        "Fallførebygging for skrøpelege eldre i heimetenesta: kartlegging av fallrisiko, "
        "styrketrening og tryggleiksalarmar for eldre som bur heime",
        groups={"eldre"},
        parties={"alver"},
        target={"age:67+"},
    ),
    profile(
        "eldre-utskriving",
        "Trygg utskriving av eldre pasientar frå sjukehus til heimeteneste og sjukeheim, "
        "fallrisiko og legemiddelgjennomgang for skrøpelege eldre",
        groups={"eldre"},
        parties={"alver", "hb"},
        target={"age:67+"},
    ),
    profile(
        "rus",
        "Rusbehandling og psykisk helse: felles oppfølgingsteam (FACT) for personar med "
        "alvorleg psykisk liding og rusproblem",
        groups={"rus"},
        parties={"voss"},
        target={"age:19-66"},
    ),
    profile(
        "rus-bolig",
        "Bustad først for personar med rusproblem og psykisk liding, oppfølgingsteam i "
        "kommunen saman med DPS",
        groups={"rus"},
        parties={"voss", "hb"},
        target={"age:19-66"},
    ),
]
OVERLAPS = {
    "sbu": "saman",
    "saman": "sbu",
    "fallforebygging": "eldre-utskriving",
    "eldre-utskriving": "fallforebygging",
    "rus": "rus-bolig",
    "rus-bolig": "rus",
}


def test_every_project_finds_its_overlapping_project_first():
    for subject in PROJECTS:
        ranked = rank_related(subject, PROJECTS, limit=5, minimum=0)
        assert ranked[0].profile.key == OVERLAPS[subject.key], subject.key


def test_text_alone_finds_the_overlap_with_norwegian_stemming():
    # «barna» and «barn», «ungdommane» … share stems; no shared groups or parties here.
    subject = profile("ny", "Koordinerte tenester for barna og dei unge i overgangen frå sjukehus")
    others = [
        profile(
            "a", "Tenester for barn og unge: koordinering og overgangar mellom sjukehus og heim"
        ),
        profile("b", "Fallførebygging for skrøpelege eldre i heimetenesta"),
    ]
    ranked = rank_related(subject, others, minimum=0)
    assert [m.profile.key for m in ranked] == ["a", "b"]
    assert "barna" in ranked[0].shared_terms or "unge" in ranked[0].shared_terms


def test_a_project_is_never_related_to_itself_and_weak_matches_are_left_out():
    subject = PROJECTS[0]
    keys = [m.profile.key for m in rank_related(subject, PROJECTS, limit=10)]
    assert "sbu" not in keys
    assert "rus" not in keys  # nothing in common


texts = st.text(alphabet="abcdefgh æøå", max_size=60)


@given(st.lists(texts, min_size=1, max_size=6), texts)
def test_scores_lie_between_zero_and_one_and_come_best_first(others, text):
    subject = profile("s", text, groups={"x"}, target={"age:0-18"})
    candidates = [profile(i, t, groups={"x"}) for i, t in enumerate(others)]
    ranked = rank_related(subject, candidates, limit=10, minimum=0)
    scores = [m.score for m in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1.0000001 for s in scores)
