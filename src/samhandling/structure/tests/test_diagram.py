"""The overview drawing's layout as pure logic: no database, no browser."""

from samhandling.structure.diagram import (
    COMMITTEE_LEFT,
    COMMITTEE_RIGHT,
    LANE_X,
    MAX_PER_ROW,
    CommitteeInput,
    LevelInput,
    layout,
    wrap,
)

LEVELS = [
    LevelInput("partnarskap", "Partnarskapsmøtet"),
    LevelInput("strategisk", "Strategisk samarbeidsutval"),
    LevelInput("omrade", "Områdeutval"),
    LevelInput("fagleg", "Faglege samarbeidsutval"),
]


def committee(key: str, level: str, reports_to: str | None = None) -> CommitteeInput:
    return CommitteeInput(
        key=key, name=f"Utval {key}", level_key=level, url=f"/u/{key}/", reports_to_key=reports_to
    )


COMMITTEES = [
    committee("pm", "partnarskap"),
    committee("ssu", "strategisk", "pm"),
    *[committee(f"ou{n}", "omrade", "ssu") for n in range(4)],
    committee("mfu", "fagleg", "ssu"),
    committee("akutt", "fagleg", "ssu"),
]


def overlaps(a, b) -> bool:
    return not (a.x + a.width <= b.x or b.x + b.width <= a.x or a.bottom <= b.y or b.bottom <= a.y)


def test_levels_are_drawn_top_to_bottom_in_the_given_order():
    drawing = layout(LEVELS, COMMITTEES)
    tops = [band.y for band in drawing.bands]
    assert [band.key for band in drawing.bands] == [level.key for level in LEVELS]
    assert tops == sorted(tops)
    for upper, lower in zip(drawing.bands, drawing.bands[1:], strict=False):
        assert upper.y + upper.height <= lower.y


def test_each_committee_gets_one_box_inside_its_levels_band():
    drawing = layout(LEVELS, COMMITTEES)
    bands = {band.key: band for band in drawing.bands}
    assert [box.key for box in drawing.boxes] == [c.key for c in COMMITTEES]
    for box in drawing.boxes:
        band = bands[box.level_key]
        assert band.y < box.y and box.bottom < band.y + band.height
        assert box.x >= COMMITTEE_LEFT and box.x + box.width <= COMMITTEE_RIGHT
        assert box.url == f"/u/{box.key}/"


def test_no_two_boxes_overlap():
    drawing = layout(LEVELS, COMMITTEES)
    boxes = drawing.boxes
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_a_level_with_many_committees_wraps_into_rows():
    many = [committee(f"f{n}", "fagleg", "ssu") for n in range(MAX_PER_ROW + 2)]
    drawing = layout(LEVELS, [*COMMITTEES[:2], *many])
    rows = {box.row for box in drawing.boxes if box.level_key == "fagleg"}
    assert len(rows) == 2
    assert not any(
        overlaps(a, b) for i, a in enumerate(drawing.boxes) for b in drawing.boxes[i + 1 :]
    )


def test_a_reporting_line_to_the_row_above_ends_at_the_bottom_of_the_box_reported_to():
    drawing = layout(LEVELS, COMMITTEES)
    boxes = {box.key: box for box in drawing.boxes}
    line = next(c for c in drawing.connectors if c.from_key == "ssu")
    assert line.to_key == "pm"
    assert line.d.startswith(f"M{boxes['ssu'].center_x:g},{boxes['ssu'].y:g}")
    assert line.d.endswith(f"V{boxes['pm'].bottom:g}")


def test_a_reporting_line_that_skips_a_level_runs_in_the_lane_beside_the_boxes():
    drawing = layout(LEVELS, COMMITTEES)
    boxes = {box.key: box for box in drawing.boxes}
    line = next(c for c in drawing.connectors if c.from_key == "mfu")
    assert f"H{LANE_X:g}" in line.d
    assert line.d.endswith(f"H{boxes['ssu'].x:g}")
    assert min(box.x for box in drawing.boxes) > LANE_X


def test_every_reporting_line_is_drawn_once_and_none_for_the_top():
    drawing = layout(LEVELS, COMMITTEES)
    assert sorted(c.from_key for c in drawing.connectors) == sorted(
        c.key for c in COMMITTEES if c.reports_to_key
    )


def test_a_line_to_a_committee_not_drawn_is_left_out():
    drawing = layout(LEVELS, [committee("orphan", "omrade", "gone")])
    assert drawing.connectors == ()


def test_the_principle_spans_every_level_beside_the_committees():
    drawing = layout(LEVELS, COMMITTEES, principle="Brukere og fastleger deltar på alle nivå")
    assert drawing.principle is not None
    assert drawing.principle.y == 0 and drawing.principle.height == drawing.height
    assert drawing.principle.x >= COMMITTEE_RIGHT
    assert " ".join(drawing.principle.lines) == "Brukere og fastleger deltar på alle nivå"


def test_no_principle_is_drawn_without_text():
    assert layout(LEVELS, COMMITTEES).principle is None


def test_long_names_wrap_inside_their_boxes_without_losing_words():
    name = "Felles underutval for akuttmedisin og beredskap i Helse Bergen sitt område"
    drawing = layout(LEVELS, [CommitteeInput("lang", name, "fagleg", "/u/lang/")])
    box = drawing.boxes[0]
    assert len(box.lines) > 1
    assert " ".join(box.lines) == name
    assert box.height >= len(box.lines) * 17


def test_wrap_keeps_a_word_longer_than_the_line_whole():
    assert wrap("Samhandlingssekretariatet ok", 50) == ("Samhandlingssekretariatet", "ok")


def test_an_empty_structure_draws_nothing():
    drawing = layout([], [])
    assert drawing.boxes == () and drawing.bands == () and drawing.height == 0
