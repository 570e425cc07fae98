"""The pathway graph is accessible SVG, with Graphviz and with our own layout."""

import shutil

import pytest
from lxml import etree

from samhandling.pathways.engine import analyse
from samhandling.pathways.engine import graph as graph_module
from samhandling.pathways.engine.generate import generate
from samhandling.pathways.engine.graph import GraphText, render_bars, render_layered, render_svg

TEXT = GraphText(title="Forløpsgraf", description="Aktiviteter og overganger")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def dfg():
    return analyse(generate(300, seed=8)).dfg


def check_accessible(svg: str) -> etree._Element:
    root = etree.fromstring(svg.encode())
    assert root.get("role") == "img"
    labelled = root.get("aria-labelledby").split()
    ids = {element.get("id"): element for element in root.iter()}
    assert ids[labelled[0]].tag == f"{SVG}title" and ids[labelled[0]].text == TEXT.title
    assert root.get("viewBox")
    return root


@pytest.mark.skipif(shutil.which("dot") is None, reason="Debian's graphviz is not installed")
def test_graphviz_lays_out_an_accessible_graph(dfg):
    root = check_accessible(graph_module.render_with_dot(dfg, TEXT))
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Sengepost" in texts
    # Graphviz's own <title> per node would be read out as machine names; only ours is left.
    assert len(list(root.iter(f"{SVG}title"))) == 1


def test_without_graphviz_our_layout_draws_every_published_activity(dfg, monkeypatch):
    monkeypatch.setattr(graph_module.shutil, "which", lambda name: None)
    svg = render_svg(dfg, TEXT)
    root = check_accessible(svg)
    assert svg == render_layered(dfg, TEXT)
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for node in dfg.nodes:
        assert node.activity[:30] in texts
    assert len(list(root.iter(f"{SVG}path"))) == len(dfg.edges) + 1  # + the arrow head


def test_a_hidden_count_gets_no_bar():
    svg = render_bars(
        ["0–1", "1–7"], [12, None], title="Varighet", description="d", hidden_text="skjult"
    )
    root = etree.fromstring(svg.encode())
    assert root.get("role") == "img"
    assert len(list(root.iter(f"{SVG}rect"))) == 1
    assert "skjult" in svg
