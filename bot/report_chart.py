"""The chart of `tunewise report --chart FILE`: reviewed outcomes per verdict, kept / switched / dropped, stacked.

Drawn like bot/charts.py: matplotlib imported on use, the object-oriented API on the Agg canvas, no pyplot.
"""

from __future__ import annotations

import io

from bot.outcome_report import OutcomeReport

COLOURS = {"kept": "#2e7d32", "switched": "#ef6c00", "dropped": "#9e9e9e"}
DPI = 100


def render_outcome_chart(report: OutcomeReport) -> bytes:
    """A PNG: one horizontal bar per verdict, split by outcome, with the counts written on the bars."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    verdicts = list(reversed(report.verdicts))  # first verdict at the top
    labels = [each.approach.label for each in verdicts]
    height = 1.6 + 0.6 * max(len(verdicts), 1)
    figure = Figure(figsize=(8, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    left = [0] * len(verdicts)
    for outcome, colour in COLOURS.items():
        counts = [each.counts.get(outcome, 0) for each in verdicts]
        bars = axes.barh(labels, counts, left=left, color=colour, label=outcome)
        axes.bar_label(
            bars,
            labels=[str(count) if count else "" for count in counts],
            label_type="center",
            color="white",
            fontsize="small",
        )
        left = [start + count for start, count in zip(left, counts, strict=True)]
    axes.set_title(
        f"How the advice held up: {report.reviewed} reviewed decisions ({report.team_id})", loc="left"
    )
    axes.set_xlabel("Reviewed decisions")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="lower right", fontsize="small")
    axes.grid(axis="x", alpha=0.3)
    if not verdicts:
        axes.text(0.5, 0.5, "No reviewed decisions yet", transform=axes.transAxes, ha="center", va="center")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
