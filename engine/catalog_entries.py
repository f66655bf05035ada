"""What the catalog holds, as frozen values: token prices, a model's running cost, a fine-tuning offer, a
model's lifecycle, the vector store, and one listed row of `tunewise prices`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

MTOK = Decimal(1_000_000)


@dataclass(frozen=True, slots=True)
class TokenPrice:
    input_usd_per_mtok: Decimal
    output_usd_per_mtok: Decimal

    def per_request(self, input_tokens: int, output_tokens: int) -> Decimal:
        """USD for one request, unrounded."""
        return (input_tokens * self.input_usd_per_mtok + output_tokens * self.output_usd_per_mtok) / MTOK


@dataclass(frozen=True, slots=True)
class ModelPrice:
    """What running one model costs: per token, plus a fixed monthly bill when it runs on GPUs of its own.

    `cached_input_usd_per_mtok` and `batch` are None where the price source has no such price.
    """

    model: str
    provider: str
    tokens: TokenPrice
    hosting_usd_per_month: Decimal
    source: str
    self_hosted: bool = False
    cached_input_usd_per_mtok: Decimal | None = None
    batch: TokenPrice | None = None


@dataclass(frozen=True, slots=True)
class Lifecycle:
    provider: str
    fine_tuning_closes: date | None
    retires: date | None
    alternative: str
    source: str
    # Who can still train before the closing date, where the provider narrows access in stages.
    access_note: str = ""
    # Earlier closing dates by the organisation's recent fine-tuning use ("never", "lapsed").
    closes_by_use: tuple[tuple[str, date], ...] = ()
    # The provider's own substitute for the model as a base (prompts carry over to it).
    replacement: str | None = None

    def closes_for(self, use: str) -> date | None:
        """The last day (exclusive) an organisation with this recent use can start a fine-tuning job."""
        for stage_use, day in self.closes_by_use:
            if stage_use == use:
                return day
        return self.fine_tuning_closes

    def trainable_on(self, today: date, use: str = "active") -> bool:
        """A model takes new fine-tuning jobs until its closing date (for this use) and never once retired."""
        closes, retires = self.closes_for(use), self.retires
        return (closes is None or today < closes) and (retires is None or today < retires)

    def retired_on(self, today: date) -> bool:
        return self.retires is not None and self.retires <= today

    def why_untrainable(self, today: date, use: str = "active") -> str:
        """The clause that explains why no new fine-tuning job can start (call when not trainable_on today)."""
        if self.retired_on(today):
            return f"{self.provider} retired it on {self.retires}"
        closes = self.closes_for(use)
        if closes != self.fine_tuning_closes:
            whose = {
                "never": "organisations that never fine-tuned",
                "lapsed": "organisations with no fine-tuned inference in 60 days",
            }
            return f"{self.provider} closed fine-tuning to {whose.get(use, use)} on {closes}"
        return f"{self.provider} closed it to new jobs on {self.fine_tuning_closes}"


@dataclass(frozen=True, slots=True)
class FineTuningOffer:
    model: str
    provider: str
    training_usd_per_mtok: Decimal
    tuned: ModelPrice
    lifecycle: Lifecycle | None
    source: str
    self_hosted: bool = False
    # True when the provider serves the fine-tune only on a deployment of its own, billed per GPU-hour.
    dedicated: bool = False

    def can_train(self, today: date, use: str = "active") -> bool:
        return self.lifecycle is None or self.lifecycle.trainable_on(today, use)


@dataclass(frozen=True, slots=True)
class VectorStore:
    provider: str
    minimum_monthly_usd: Decimal
    storage_usd_per_gb_month: Decimal
    usd_per_million_read_units: Decimal
    chunk_tokens: int
    bytes_per_chunk: int


@dataclass(frozen=True, slots=True)
class CatalogRow:
    """One line of `tunewise prices`. `verified` is None for figures read from the genai-prices package."""

    kind: str
    name: str
    figures: str
    source: str
    verified: date | None
    note: str = ""
    # What the figure was compared with on its `verified` date (a copy of the source page, the design notes...).
    checked_against: str = ""

    def is_stale(self, today: date, max_age_days: int) -> bool:
        return self.verified is not None and (today - self.verified).days > max_age_days
