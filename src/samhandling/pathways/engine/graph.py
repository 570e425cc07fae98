"""The pathway graph as accessible SVG, from a published (suppressed) graph only.

Graphviz's `dot` lays it out when it is installed; otherwise a simple layered layout of our
own does (ranks by shortest distance from the start, straight edges, curved back edges).
Either way the SVG carries role="img" and a title, and scales to its container.
"""

import html
import re
import shutil
import subprocess
from collections import deque
from dataclasses import dataclass

from .analyses import PublishedDfg
from .compute import END, START


@dataclass(frozen=True)
class GraphText:
    """The words the caller translates."""

    title: str
    description: str
    start: str = "Start"
    end: str = "End"
    persons: str = "persons"
    median: str = "median"


def format_duration(seconds: float | None, *, decimal: str = ",") -> str:
    if seconds is None:
        return "–"
    if seconds < 3600:
        text, unit = f"{seconds / 60:.0f}", "min"
    elif seconds < 86400 * 2:
        text, unit = f"{seconds / 3600:.1f}", "t"
    else:
        text, unit = f"{seconds / 86400:.1f}", "d"
    return f"{text.replace('.', decimal)} {unit}"


def _node_label(activity: str, text: GraphText) -> str:
    return {START: text.start, END: text.end}.get(activity, activity)


def _persons(dfg: PublishedDfg) -> dict[str, int]:
    counts = {node.activity: node.persons for node in dfg.nodes}
    counts[START] = sum(e.persons for e in dfg.edges if e.source == START)
    counts[END] = sum(e.persons for e in dfg.edges if e.target == END)
    return counts


def _visible_edges(dfg: PublishedDfg):
    shown = {node.activity for node in dfg.nodes} | {START, END}
    return [e for e in dfg.edges if e.source in shown and e.target in shown]


def dot_source(dfg: PublishedDfg, text: GraphText) -> str:
    counts = _persons(dfg)
    names = {name: f"n{i}" for i, name in enumerate(counts)}
    edges = _visible_edges(dfg)
    top = max((e.persons for e in edges), default=1)
    lines = [
        "digraph pathways {",
        '  graph [rankdir=TB, bgcolor="transparent", fontname="Helvetica", nodesep=0.4, ranksep=0.5];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3f8", color="#1d4f7c", '
        'fontname="Helvetica", fontsize=11, fontcolor="#111111"];',
        '  edge [color="#3d5a75", fontname="Helvetica", fontsize=9, fontcolor="#222222"];',
    ]
    for name, count in counts.items():
        label = f"{_node_label(name, text)}\\n{count} {text.persons}"
        shape = ', shape=ellipse, fillcolor="#ffffff"' if name in (START, END) else ""
        lines.append(f'  {names[name]} [label="{_escape(label)}"{shape}];')
    for e in edges:
        width = 0.8 + 3.5 * e.persons / top
        label = f"{e.persons}"
        if e.times is not None:
            label += f"\\n{text.median} {format_duration(e.times.median)}"
        lines.append(
            f'  {names[e.source]} -> {names[e.target]} [label="{_escape(label)}", penwidth={width:.2f}];'
        )
    lines.append("}")
    return "\n".join(lines)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\\\\n", "\\n")


def _accessible(svg: str, text: GraphText, ident: str) -> str:
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    opening = svg[: svg.index(">") + 1]
    replaced = re.sub(r'\swidth="[^"]*"', ' width="100%"', opening, count=1)
    replaced = re.sub(r'\sheight="[^"]*"', "", replaced, count=1)
    replaced = replaced.replace(
        "<svg",
        f'<svg role="img" aria-labelledby="{ident}-title {ident}-desc" focusable="false"',
        1,
    )
    heading = (
        f'<title id="{ident}-title">{html.escape(text.title)}</title>'
        f'<desc id="{ident}-desc">{html.escape(text.description)}</desc>'
    )
    return replaced + heading + svg[len(opening) :]


def render_with_dot(dfg: PublishedDfg, text: GraphText, ident: str = "pathway-graph") -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise FileNotFoundError("dot")
    result = subprocess.run(
        [dot, "-Tsvg"],
        input=dot_source(dfg, text).encode(),
        capture_output=True,
        check=True,
        timeout=60,
    )
    svg = result.stdout.decode("utf-8")
    # Graphviz names each node and edge with a <title>; those would be read as tooltips of
    # machine names, so they go.
    svg = re.sub(r"<title>[^<]*</title>", "", svg)
    return _accessible(svg, text, ident)


def _ranks(names: list[str], edges) -> dict[str, int]:
    outgoing: dict[str, list[str]] = {name: [] for name in names}
    for e in edges:
        outgoing[e.source].append(e.target)
    rank = {START: 0}
    queue = deque([START])
    while queue:
        current = queue.popleft()
        for target in outgoing[current]:
            if target not in rank:
                rank[target] = rank[current] + 1
                queue.append(target)
    deepest = max(rank.values(), default=0)
    for name in names:
        rank.setdefault(name, 1)
    rank[END] = max(deepest, max((r for n, r in rank.items() if n != END), default=0)) + 1
    return rank


def render_layered(dfg: PublishedDfg, text: GraphText, ident: str = "pathway-graph") -> str:
    counts = _persons(dfg)
    names = list(counts)
    edges = _visible_edges(dfg)
    rank = _ranks(names, edges)
    rows: dict[int, list[str]] = {}
    for name in sorted(names, key=lambda n: (-counts[n], n)):
        rows.setdefault(rank[name], []).append(name)
    box_w, box_h, gap_x, gap_y = 190, 44, 30, 70
    widest = max(len(r) for r in rows.values())
    width = widest * (box_w + gap_x) + gap_x
    height = (max(rows) + 1) * (box_h + gap_y) + gap_y
    position: dict[str, tuple[float, float]] = {}
    for r, members in rows.items():
        row_width = len(members) * (box_w + gap_x) - gap_x
        left = (width - row_width) / 2
        for k, name in enumerate(members):
            position[name] = (left + k * (box_w + gap_x), gap_y / 2 + r * (box_h + gap_y))
    top = max((e.persons for e in edges), default=1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#3d5a75"/>'
        "</marker></defs>",
    ]
    for e in edges:
        x1, y1 = position[e.source]
        x2, y2 = position[e.target]
        sx, sy = x1 + box_w / 2, y1 + box_h
        tx, ty = x2 + box_w / 2, y2
        stroke = 0.8 + 3.5 * e.persons / top
        if rank[e.target] > rank[e.source]:
            path = f"M{sx:.1f},{sy:.1f} L{tx:.1f},{ty:.1f}"
            lx, ly = (sx + tx) / 2, (sy + ty) / 2
        else:
            sx, sy = x1 + box_w, y1 + box_h / 2
            tx, ty = x2 + box_w, y2 + box_h / 2
            bend = max(sx, tx) + 60
            path = f"M{sx:.1f},{sy:.1f} Q{bend:.1f},{(sy + ty) / 2:.1f} {tx:.1f},{ty:.1f}"
            lx, ly = bend - 20, (sy + ty) / 2
        parts.append(
            f'<path d="{path}" fill="none" stroke="#3d5a75" stroke-width="{stroke:.2f}" '
            'marker-end="url(#arrow)"/>'
        )
        label = str(e.persons)
        if e.times is not None:
            label += f" · {format_duration(e.times.median)}"
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="10" fill="#222222" '
            f'font-family="Helvetica, Arial, sans-serif" text-anchor="middle">{html.escape(label)}</text>'
        )
    for name, (x, y) in position.items():
        fill = "#ffffff" if name in (START, END) else "#eef3f8"
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{box_w}" height="{box_h}" rx="8" '
            f'fill="{fill}" stroke="#1d4f7c"/>'
        )
        parts.append(
            f'<text x="{x + box_w / 2:.1f}" y="{y + 18:.1f}" font-size="12" fill="#111111" '
            'font-family="Helvetica, Arial, sans-serif" text-anchor="middle">'
            f"{html.escape(_node_label(name, text)[:30])}</text>"
        )
        parts.append(
            f'<text x="{x + box_w / 2:.1f}" y="{y + 34:.1f}" font-size="10" fill="#333333" '
            'font-family="Helvetica, Arial, sans-serif" text-anchor="middle">'
            f"{counts[name]} {html.escape(text.persons)}</text>"
        )
    parts.append("</svg>")
    return _accessible("".join(parts), text, ident)


def render_svg(
    dfg: PublishedDfg, text: GraphText, *, ident: str = "pathway-graph", use_dot: bool = True
) -> str:
    """Graphviz when present (and wanted), our own layout otherwise."""
    if use_dot and shutil.which("dot"):
        try:
            return render_with_dot(dfg, text, ident)
        except (subprocess.SubprocessError, OSError):
            pass
    return render_layered(dfg, text, ident)


def render_bars(
    labels: list[str],
    values: list[int | None],
    *,
    title: str,
    description: str,
    hidden_text: str,
    ident: str = "bars",
) -> str:
    """A horizontal bar chart of published counts; a hidden count gets no bar, only a mark."""
    top = max((v for v in values if v), default=1)
    label_w, bar_w, row_h = 90, 360, 26
    height = row_h * len(labels) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_w + bar_w + 80} {height}">'
    ]
    for i, (name, value) in enumerate(zip(labels, values, strict=True)):
        y = 5 + i * row_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" font-size="12" text-anchor="end" fill="#111111" '
            f'font-family="Helvetica, Arial, sans-serif">{html.escape(name)}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{label_w + 4}" y="{y + 17}" font-size="12" fill="#333333" '
                f'font-family="Helvetica, Arial, sans-serif">● {html.escape(hidden_text)}</text>'
            )
            continue
        width = bar_w * value / top
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="{row_h - 8}" fill="#1d4f7c"/>'
        )
        parts.append(
            f'<text x="{label_w + width + 6:.1f}" y="{y + 17}" font-size="12" fill="#111111" '
            f'font-family="Helvetica, Arial, sans-serif">{value}</text>'
        )
    parts.append("</svg>")
    return _accessible("".join(parts), GraphText(title=title, description=description), ident)
