"""Prices and lifecycle facts: inference from genai-prices, the rest from engine/data/catalog.yaml.

Everything here is read once and cached: the benchmark computes tens of thousands of advices a second and a
genai-prices lookup costs about a tenth of a millisecond.
"""

from __future__ import annotations

import difflib
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml

from engine.catalog_entries import (
    CatalogRow,
    FineTuningOffer,
    Lifecycle,
    ModelPrice,
    TokenPrice,
    VectorStore,
)
from engine.genai_prices_lookup import genai_discounts, genai_model_names, genai_source, genai_token_price

# An average month (8,760 hours a year / 12): what an always-on GPU is billed for.
HOURS_PER_MONTH = Decimal(730)


class UnknownModelError(LookupError):
    """A model name the catalog cannot price; carries the closest names it does know."""

    def __init__(self, model: str, message: str, suggestions: tuple[str, ...] = ()) -> None:
        self.model = model
        self.suggestions = suggestions
        if suggestions:
            message = f"{message}; did you mean {', '.join(suggestions)}?"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class NotTrainableError(UnknownModelError):
    """A model the catalog can price but has no fine-tuning offer for."""


def _decimal(value: Any) -> Decimal:
    # YAML holds money as strings; refuse floats so no binary rounding sneaks into a price.
    if not isinstance(value, str | int):
        raise TypeError(f"catalog money must be written as a string, got {value!r}")
    return Decimal(value)


class Catalog:
    """The parsed catalog file plus genai-prices, answering "what does this model cost" by name."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw
        self._gpu_hour_usd = {name: _decimal(row["high_usd"]) for name, row in raw["gpu_hour"].items()}
        self._lifecycles: dict[str, Lifecycle] = {}
        for row in raw["lifecycle"]:
            alternatives = row["alternative"]
            for model in row["models"]:
                self._lifecycles[model] = Lifecycle(
                    provider=row["provider"],
                    fine_tuning_closes=row.get("fine_tuning_closes"),
                    retires=row.get("retires"),
                    alternative=alternatives.get(model, alternatives["default"]),
                    source=row["source"],
                    access_note=row.get("access_note", ""),
                    closes_by_use=tuple((row.get("closes_by_use") or {}).items()),
                    replacement=row.get("replacement"),
                )
        self._models: dict[str, ModelPrice] = {}
        self._offers: dict[str, FineTuningOffer] = {}
        verified = [row["verified"] for row in self._yaml_rows()]
        self.as_of: date = min(verified)
        embedding = raw["embedding"]
        self.embedding_model: str = embedding["model"]
        self.embedding_usd_per_mtok: Decimal = genai_token_price(
            embedding["genai_prices_ref"], embedding["provider_id"]
        )[0].input_usd_per_mtok
        store = raw["vector_store"]
        self.vector_store = VectorStore(
            provider=store["provider"],
            minimum_monthly_usd=_decimal(store["minimum_monthly_usd"]),
            storage_usd_per_gb_month=_decimal(store["storage_usd_per_gb_month"]),
            usd_per_million_read_units=_decimal(store["usd_per_million_read_units"]),
            chunk_tokens=store["chunk_tokens"],
            bytes_per_chunk=store["bytes_per_chunk"],
        )

    # --- lookups -----------------------------------------------------------------------------------
    def inference(self, model: str) -> ModelPrice:
        """Price of running `model` as it is; UnknownModelError (with close matches) when nobody prices it."""
        if model not in self._models:
            self._models[model] = self._price_model(model)
        return self._models[model]

    def fine_tuning(self, model: str) -> FineTuningOffer:
        """The offer for training `model`; NotTrainableError when the catalog has none."""
        if model not in self._offers:
            self._offers[model] = self._offer(model)
        return self._offers[model]

    def lifecycle(self, model: str) -> Lifecycle | None:
        return self._lifecycles.get(model)

    @property
    def lifecycle_models(self) -> tuple[str, ...]:
        """Every model the catalog gives lifecycle dates for (training closes, retirement)."""
        return tuple(self._lifecycles)

    @property
    def trainable_models(self) -> tuple[str, ...]:
        return tuple(self._raw["fine_tuning"])

    @property
    def catalog_models(self) -> tuple[str, ...]:
        return tuple(self._raw["models"])

    @property
    def self_hosted_models(self) -> tuple[str, ...]:
        return tuple(name for name, row in self._raw["models"].items() if row.get("self_hosted"))

    @property
    def self_hosted_trainable_models(self) -> tuple[str, ...]:
        return tuple(name for name, row in self._raw["fine_tuning"].items() if row.get("self_hosted"))

    # --- building the answers ------------------------------------------------------------------------
    def _price_model(self, model: str) -> ModelPrice:
        row = self._raw["models"].get(model)
        if row is not None:
            return self._price_row(model, row)
        try:
            tokens, provider = genai_token_price(model, None)
        except LookupError:
            # Fine-tuned ids ("ft:...") are not names a base model can be given as: never suggest them.
            known = [name for name in self.catalog_models + genai_model_names() if not name.startswith("ft:")]
            suggestions = tuple(difflib.get_close_matches(model, dict.fromkeys(known), n=3, cutoff=0.6))
            raise UnknownModelError(model, f"no price for model '{model}'", suggestions) from None
        cached, batch = genai_discounts(model, None)
        return ModelPrice(model, provider, tokens, Decimal(0), genai_source(), False, cached, batch)

    def _price_row(self, model: str, row: dict[str, Any]) -> ModelPrice:
        cached = batch = None
        if "genai_prices_ref" in row:
            tokens, _ = genai_token_price(row["genai_prices_ref"], row["provider_id"])
            cached, batch = genai_discounts(row["genai_prices_ref"], row["provider_id"])
            source = genai_source()
        else:
            tokens = TokenPrice(_decimal(row["input_usd_per_mtok"]), _decimal(row["output_usd_per_mtok"]))
            source = row["source"]
        hosting = Decimal(0)
        if "gpus" in row:
            hosting = row["gpus"] * HOURS_PER_MONTH * self._gpu_hour_usd[row["gpu"]]
        self_hosted = bool(row.get("self_hosted"))
        return ModelPrice(model, row["provider"], tokens, hosting, source, self_hosted, cached, batch)

    def _dedicated_price(
        self, model: str, provider: str, deployment: dict[str, Any], source: str
    ) -> ModelPrice:
        """A fine-tune served on its own deployment: no per-token price, every GPU-hour of the month billed."""
        gpus = deployment["gpus"] * deployment["min_replicas"]
        hosting = gpus * HOURS_PER_MONTH * self._gpu_hour_usd[deployment["gpu"]]
        return ModelPrice(
            f"{model} (fine-tuned, dedicated)", provider, TokenPrice(Decimal(0), Decimal(0)), hosting, source
        )

    def _offer(self, model: str) -> FineTuningOffer:
        row = self._raw["fine_tuning"].get(model)
        if row is None:
            lifecycle = self._lifecycles.get(model)
            if lifecycle is not None and (lifecycle.fine_tuning_closes or lifecycle.retires):
                end = (
                    f"fine-tuning on {lifecycle.provider} closes {lifecycle.fine_tuning_closes}"
                    if lifecycle.fine_tuning_closes
                    else f"{lifecycle.provider} retires it on {lifecycle.retires}"
                )
                message = (
                    f"no fine-tuning price for '{model}' ({end}); "
                    f"trainable models: {', '.join(self.trainable_models)}"
                )
                raise NotTrainableError(model, message)
            suggestions = tuple(difflib.get_close_matches(model, self.trainable_models, n=3, cutoff=0.6))
            message = (
                f"no fine-tuning price for '{model}'; trainable models: {', '.join(self.trainable_models)}"
            )
            raise NotTrainableError(model, message, suggestions)
        inference = row["tuned_inference"]
        dedicated = isinstance(inference, dict) and "dedicated" in inference
        if inference == "same_as_base":
            base = self.inference(model)
            tuned = ModelPrice(
                f"{model} (fine-tuned)",
                base.provider,
                base.tokens,
                base.hosting_usd_per_month,
                base.source,
                base.self_hosted,
                base.cached_input_usd_per_mtok,
                base.batch,
            )
        elif dedicated:
            tuned = self._dedicated_price(model, row["provider"], inference["dedicated"], row["source"])
        else:
            tuned = self._price_row(inference["genai_prices_ref"], {"provider": row["provider"], **inference})
        return FineTuningOffer(
            model=model,
            provider=row["provider"],
            training_usd_per_mtok=_decimal(row["training_usd_per_mtok"]),
            tuned=tuned,
            lifecycle=self._lifecycles.get(model),
            source=row["source"],
            self_hosted=bool(row.get("self_hosted")),
            dedicated=dedicated,
        )

    # --- listing -------------------------------------------------------------------------------------
    def _yaml_rows(self) -> list[dict[str, Any]]:
        raw = self._raw
        return [
            *raw["models"].values(),
            *raw["fine_tuning"].values(),
            *raw["lifecycle"],
            raw["embedding"],
            raw["vector_store"],
            *raw["gpu_hour"].values(),
        ]

    def rows(self) -> list[CatalogRow]:
        """Every figure Tunewise uses, with where it came from, for `tunewise prices`."""
        rows: list[CatalogRow] = []
        for name, row in self._raw["models"].items():
            price = self.inference(name)
            figures = _per_mtok(price.tokens)
            if price.hosting_usd_per_month:
                figures = f"{figures} + ${price.hosting_usd_per_month:,.2f} a month hosting"
            rows.append(_row("inference", f"{name} on {row['provider']}", figures, row))
        for name, row in self._raw["fine_tuning"].items():
            offer = self.fine_tuning(name)
            training = f"training ${_price(offer.training_usd_per_mtok)} per 1M tokens"
            if offer.dedicated:
                served = (
                    f"served on a dedicated deployment, ${offer.tuned.hosting_usd_per_month:,.2f} a month"
                )
            elif offer.self_hosted:
                served = "served on your own GPU"
            else:
                served = f"tuned {_per_mtok(offer.tuned.tokens)}"
            figures = f"{training}; {served}"
            rows.append(_row("fine-tuning", f"{name} on {row['provider']}", figures, row))
        for row in self._raw["lifecycle"]:
            dates = (
                [f"fine-tuning closes {row['fine_tuning_closes']}"] if row.get("fine_tuning_closes") else []
            )
            for use, day in (row.get("closes_by_use") or {}).items():
                dates.append(f"closed to '{use}' organisations {day}")
            if row.get("retires"):
                dates.append(f"retires {row['retires']}")
            if row.get("replacement"):
                dates.append(f"replacement {row['replacement']}")
            rows.append(
                _row("lifecycle", f"{', '.join(row['models'])} on {row['provider']}", "; ".join(dates), row)
            )
        embedding = self._raw["embedding"]
        figures = f"${_price(self.embedding_usd_per_mtok)} per 1M tokens"
        rows.append(_row("embedding", self.embedding_model, figures, embedding))
        store = self.vector_store
        figures = (
            f"at least ${store.minimum_monthly_usd} a month; ${store.storage_usd_per_gb_month} per GB-month; "
            f"${store.usd_per_million_read_units} per 1M read units"
        )
        rows.append(_row("vector store", store.provider, figures, self._raw["vector_store"]))
        for name, row in self._raw["gpu_hour"].items():
            figures = f"${row['low_usd']}-{row['high_usd']} per GPU-hour (priced at the high end)"
            rows.append(_row("gpu", name.upper(), figures, row))
        for name in _LISTED_GENAI_MODELS:
            price = self.inference(name)
            rows.append(
                CatalogRow(
                    "inference", f"{name} on {price.provider}", _per_mtok(price.tokens), price.source, None
                )
            )
        return rows


# Models priced straight from genai-prices that `tunewise prices` lists, so the usual bases are visible.
_LISTED_GENAI_MODELS = ("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-3.5-turbo", "claude-3-haiku")


def _row(kind: str, name: str, figures: str, row: dict[str, Any]) -> CatalogRow:
    return CatalogRow(
        kind, name, figures, row["source"], row["verified"], row.get("note", ""), row["checked_against"]
    )


def _per_mtok(tokens: TokenPrice) -> str:
    return (
        f"${_price(tokens.input_usd_per_mtok)} in / ${_price(tokens.output_usd_per_mtok)} out per 1M tokens"
    )


def _price(amount: Decimal) -> str:
    """Cents at least ($0.20); more digits only where the price has them ($0.075)."""
    exact = amount.normalize()
    return f"{exact:f}" if exact.as_tuple().exponent < -2 else f"{amount:.2f}"  # type: ignore[operator]


@cache
def load_catalog() -> Catalog:
    """The catalog bundled with the package, parsed once per process."""
    text = resources.files("engine").joinpath("data/catalog.yaml").read_text(encoding="utf-8")
    return Catalog(yaml.safe_load(text))
