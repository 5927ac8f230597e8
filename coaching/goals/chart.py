"""The progress chart: weeks along the bottom, one line per target, the target itself dashed.

matplotlib is imported inside the function, so commands that never draw a chart do not pay
for loading it. The Agg canvas renders straight to PNG bytes, with no display and no files.
"""

from __future__ import annotations

from io import BytesIO

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")


def progress_chart(weeks: list[str], series: dict[str, list[int]], targets: dict[str, int]) -> bytes:
    """A PNG with one solid line per measure and a dashed line at its weekly target, same colour."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, 3.6), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(weeks)))
    top = 1
    for colour, (name, counts) in zip(COLOURS, series.items(), strict=False):
        target = targets.get(name)
        label = f"{name} (target {target})" if target else name
        axes.plot(positions, counts, marker="o", linewidth=2, color=colour, label=label)
        top = max(top, *counts)
        if target:
            axes.axhline(target, linestyle="--", linewidth=1.2, color=colour, alpha=0.7)
            top = max(top, target)
    axes.set_xticks(positions, weeks)
    axes.set_xlabel("Week starting")
    axes.set_ylim(0, top + 1)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title("Your last four weeks" + (" (dashed lines: weekly targets)" if targets else ""))
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    buffer = BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()
