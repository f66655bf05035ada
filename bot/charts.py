"""The cost chart posted in a recommendation's thread: cumulative cost of each approach by month, break-even marked.

matplotlib is imported inside render_cost_chart, so starting the app and acking requests never pay for it.
It is drawn with the object-oriented API on the Agg canvas (no pyplot, no global figure state).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from typing import TYPE_CHECKING

from engine import Advice, Answers, Approach, Plan, cumulative_by_month

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# matplotlib does not promise thread safety (font cache, text layout); Bolt runs listeners on several threads.
# The GIL serialises drawing anyway, so one lock costs no throughput.
_DRAWING = threading.Lock()

COLOURS = {
    Approach.PROMPTING: "#2e7d32",
    Approach.RAG: "#1565c0",
    Approach.FINE_TUNING: "#ef6c00",
    Approach.HYBRID: "#6a1b9a",
    Plan.SWITCH_MODEL: "#757575",
}
DPI = 100
CHART_NICENESS = 10
SIZE_INCHES = (8, 4.5)


def render_cost_chart(advice: Advice, answers: Answers) -> bytes:
    """A PNG of the cumulative cost curves."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    months = list(range(advice.horizon_months + 1))
    series = cumulative_by_month(advice.costs, advice.horizon_months)
    with _DRAWING:
        figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        for approach, totals in series.items():
            recommended = approach == Plan(advice.approach)
            axes.plot(
                months,
                [float(total) for total in totals],
                label=approach.label + (" (recommended)" if recommended else ""),
                color=COLOURS.get(approach),
                linewidth=3 if recommended else 1.5,
            )
        _mark_breakeven(axes, advice, series.get(Plan.FINE_TUNING))
        # A "$" would start matplotlib mathtext (and a parse error) in a project name like "$5 tickets".
        project = answers.project.replace("$", r"\$")
        axes.set_title(f"{project}: cumulative cost over {advice.horizon_months} months", loc="left")
        axes.set_xlabel("Month")
        axes.set_ylabel("Cumulative cost (USD)")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"${value:,.0f}"))
        axes.set_xlim(0, advice.horizon_months)
        axes.set_ylim(bottom=0)
        axes.grid(alpha=0.3)
        axes.legend(loc="upper left", fontsize="small")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _mark_breakeven(axes: Axes, advice: Advice, fine_tuning: list[Decimal] | None) -> None:
    month = advice.breakeven_months
    if fine_tuning is None:
        return
    if month is None or month > advice.horizon_months:
        text = (
            "Fine-tuning never breaks even" if month is None else f"Fine-tuning breaks even in month {month}"
        )
        axes.text(0.99, 0.02, text, transform=axes.transAxes, ha="right", va="bottom", fontsize="small")
        return
    total = float(fine_tuning[month])
    axes.axvline(month, color="grey", linestyle="--", linewidth=1)
    axes.plot([month], [total], marker="o", color=COLOURS[Approach.FINE_TUNING], markersize=8)
    axes.annotate(
        f"break-even: month {month}",
        (month, total),
        textcoords="offset points",
        # Above and right of the point: below it the label would fall on the month axis when costs are small.
        xytext=(8, 8),
        fontsize="small",
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
    )


class ChartRenderer:
    """Draws cost charts in `processes` worker processes (started on first use), or in the caller's thread if 0.

    Drawing is CPU-bound Python holding the GIL for about 0.1 s per chart; in the app's own process it would
    stall the threads acknowledging Slack's requests. A worker process keeps acks fast on a 2-core machine.
    """

    def __init__(self, processes: int = 1) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._starting = threading.Lock()

    def render(self, advice: Advice, answers: Answers) -> bytes:
        if self.processes == 0:
            return render_cost_chart(advice, answers)
        return self._workers().submit(render_cost_chart, advice, answers).result()

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def _workers(self) -> ProcessPoolExecutor:
        with self._starting:
            if self._pool is None:
                # spawn, not fork: forking a process that runs threads can copy a lock held by another thread.
                self._pool = ProcessPoolExecutor(
                    self.processes, mp_context=multiprocessing.get_context("spawn"), initializer=_yield_cpu
                )
            return self._pool


def _yield_cpu() -> None:
    """Charts are the one thing that can wait: under load the CPU goes to acks and parent messages first."""
    os.nice(CHART_NICENESS)
