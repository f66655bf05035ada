"""Prices read from the genai-prices package, one lookup per model and provider per process."""

from __future__ import annotations

from decimal import Decimal
from functools import cache, lru_cache
from importlib import metadata

from genai_prices import Usage, calc_price
from genai_prices import data as genai_data

from engine.catalog_entries import MTOK, TokenPrice

# genai-prices is asked for a small request and scaled up, so that long-context price tiers never apply.
_PROBE_TOKENS = 1_000


@lru_cache(maxsize=512)
def genai_token_price(model_ref: str, provider_id: str | None) -> tuple[TokenPrice, str]:
    """Per-1M-token prices and the provider's name, or LookupError when genai-prices has no such model."""
    usage = Usage(input_tokens=_PROBE_TOKENS, output_tokens=_PROBE_TOKENS)
    price = calc_price(usage, model_ref=model_ref, provider_id=provider_id)
    scale = MTOK / _PROBE_TOKENS
    tokens = TokenPrice(Decimal(price.input_price) * scale, Decimal(price.output_price) * scale)
    return tokens, price.provider.name


@lru_cache(maxsize=512)
def genai_discounts(model_ref: str, provider_id: str | None) -> tuple[Decimal | None, TokenPrice | None]:
    """Cached-input price per 1M tokens and batch prices, where genai-prices has them (None otherwise)."""
    scale = MTOK / _PROBE_TOKENS
    plain = calc_price(Usage(input_tokens=_PROBE_TOKENS), model_ref=model_ref, provider_id=provider_id)
    cached_price = calc_price(
        Usage(input_tokens=_PROBE_TOKENS, cache_read_tokens=_PROBE_TOKENS),
        model_ref=model_ref,
        provider_id=provider_id,
    )
    cached = Decimal(cached_price.input_price) * scale
    # A model without a cached-input price bills cache reads as plain input: no discount to offer.
    cached_input = cached if cached < Decimal(plain.input_price) * scale else None
    usage = Usage(input_tokens=_PROBE_TOKENS, output_tokens=_PROBE_TOKENS)
    normal = calc_price(usage, model_ref=model_ref, provider_id=provider_id)
    batched = calc_price(
        usage, model_ref=model_ref, provider_id=provider_id, price_context={"processing": "batch"}
    )
    batch = None
    if batched.total_price < normal.total_price:
        batch = TokenPrice(Decimal(batched.input_price) * scale, Decimal(batched.output_price) * scale)
    return cached_input, batch


@cache
def genai_model_names() -> tuple[str, ...]:
    return tuple(sorted({model.id for provider in genai_data.providers for model in provider.models}))


def genai_source() -> str:
    return f"genai-prices {metadata.version('genai-prices')}"
