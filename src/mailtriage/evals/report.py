"""The HTML report: figures, a confusion-matrix picture, and every wrong field with its email."""

from __future__ import annotations

from importlib import resources
from typing import Any

from jinja2 import Environment, select_autoescape
from markupsafe import Markup, escape

from mailtriage.evals.runner import EvalRun
from mailtriage.evals.scorers import wrong_fields


def confusion_svg(confusion: dict[str, dict[str, int]]) -> Markup:
    labels = list(confusion)
    cell, left, top = 56, 110, 110
    size_w, size_h = left + cell * len(labels) + 10, top + cell * len(labels) + 10
    peak = max((n for row in confusion.values() for n in row.values()), default=1) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size_w}" height="{size_h}" '
        'font-family="sans-serif" font-size="12">'
    ]
    parts.append(f'<text x="{left}" y="14" font-weight="bold">predicted →</text>')
    parts.append(f'<text x="4" y="{top - 6}" font-weight="bold">gold ↓</text>')
    for j, label in enumerate(labels):
        x = left + j * cell + cell / 2
        parts.append(
            f'<text x="{x}" y="{top - 8}" transform="rotate(-45 {x} {top - 8})">{escape(label)}</text>'
        )
    for i, gold in enumerate(labels):
        y = top + i * cell
        parts.append(f'<text x="4" y="{y + cell / 2 + 4}">{escape(gold)}</text>')
        for j, pred in enumerate(labels):
            n = confusion[gold][pred]
            shade = n / peak
            colour = (
                f"rgba(34,139,34,{0.15 + 0.85 * shade:.2f})"
                if i == j
                else f"rgba(200,40,40,{0.1 + 0.9 * shade:.2f})"
            )
            fill = colour if n else "#f6f6f6"
            x = left + j * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}"/>')
            parts.append(f'<text x="{x + cell / 2 - 6}" y="{y + cell / 2 + 4}">{n}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def render_html(result: dict[str, Any], run: EvalRun, title: str) -> str:
    template = resources.files("mailtriage.evals").joinpath("templates/report.html.j2").read_text("utf-8")
    env = Environment(autoescape=select_autoescape(default=True))
    wrong = [
        {"id": item.id, "subject": item.subject, "field": name, "gold": gold, "predicted": predicted}
        for item in run.items
        for name, gold, predicted in wrong_fields(item)
    ]
    return env.from_string(template).render(
        title=title, r=result, confusion_svg=confusion_svg(result["confusion"]), wrong=wrong
    )
