"""The digest's chart: decisions per week by approach over the last eight weeks, as a PNG for the thread.

matplotlib is imported inside the function: it costs about a second to import, and only the digest job (never a
request handler) draws charts.
"""

from __future__ import annotations

import io

from bot.store.digest_content import Digest
from engine import Approach

# One colour per approach, colour-blind safe (Okabe-Ito), the same order as the legend.
APPROACH_COLOURS = {
    Approach.PROMPTING: "#0072B2",
    Approach.RAG: "#009E73",
    Approach.FINE_TUNING: "#D55E00",
    Approach.HYBRID: "#CC79A7",
}


def weekly_chart_png(digest: Digest) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # Figure, not pyplot: no global state shared between threads
    from matplotlib.ticker import MaxNLocator

    labels = [f"W{week.week.week:02d}" for week in digest.history]
    figure = Figure(figsize=(7, 3.2), dpi=120)
    axes = figure.subplots()
    bottoms = [0] * len(digest.history)
    for approach in Approach:
        counts = [week.count(approach) for week in digest.history]
        axes.bar(labels, counts, bottom=bottoms, label=approach.label, color=APPROACH_COLOURS[approach])
        bottoms = [bottom + count for bottom, count in zip(bottoms, counts, strict=True)]
    axes.set_title(f"Decisions per week by approach, to {digest.week}")
    axes.set_ylabel("Decisions")
    locator = axes.yaxis.get_major_locator()
    assert isinstance(locator, MaxNLocator)  # matplotlib's default, AutoLocator, is one
    locator.set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", fontsize="small", frameon=False, ncols=2)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
