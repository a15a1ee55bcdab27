"""Server-rendered SVG bar charts (the dashboard, the consistency report): geometry here, markup in
templates/includes/bar_chart.html.

No JavaScript: the chart is an image with a text alternative, and the same figures are in a table beside it.
"""

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 240
LEFT = 44  # room for the axis labels
BOTTOM = 36
TOP = 12
GAP = 0.25  # share of each slot left empty between bars


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    label_x: float


def nice_maximum(value: int) -> int:
    """A round axis maximum at or above the largest value (1, 2, 5, 10, 20, 50 ...)."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(points: list[tuple[str, int]]) -> dict:
    top = nice_maximum(max((value for _, value in points), default=0))
    plot_width = WIDTH - LEFT - 8
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        height = plot_height * value / top
        x = LEFT + index * slot + slot * GAP / 2
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(slot * (1 - GAP), 1),
                height=round(height, 1),
                label=label,
                value=value,
                label_x=round(LEFT + index * slot + slot / 2, 1),
            )
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "top": TOP,
        "baseline": TOP + plot_height,
        "right": WIDTH - 8,
        "maximum": top,
        "middle": top / 2 if top % 2 else top // 2,
        "middle_y": TOP + plot_height / 2,
        "label_y": TOP + plot_height + 18,
        "bars": bars,
    }
