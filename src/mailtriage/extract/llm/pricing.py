"""What a call cost, from prices the operator configures (vendors publish no price API).

Prices are USD per million input tokens and per million output tokens, keyed by model name. A
model without a price costs 0.0 and is flagged rather than failing the extraction: a missing price
is a bookkeeping gap, not a reason to lose an email.
"""

from __future__ import annotations

import structlog

log = structlog.get_logger("mailtriage.llm")

Prices = dict[str, tuple[float, float]]

_PER_MILLION = 1_000_000


class PriceTable:
    def __init__(self, prices: Prices) -> None:
        self._prices = dict(prices)
        # The flag: every model seen without a price, for ops and the eval report to surface.
        self.unpriced: set[str] = set()

    def cost_usd(self, models: tuple[str, ...], tokens_in: int, tokens_out: int) -> float:
        """Cost under the first of ``models`` that has a price.

        Callers pass the model the vendor reported first (often a dated snapshot such as
        ``gpt-4o-2024-08-06``), then the configured name, so either spelling can carry the price.
        """
        models = tuple(dict.fromkeys(models))
        for model in models:
            price = self._prices.get(model)
            if price is not None:
                per_in, per_out = price
                return (tokens_in * per_in + tokens_out * per_out) / _PER_MILLION
        key = models[0] if models else ""
        if key not in self.unpriced:
            # Logged once per model per process: one line per email would drown the log.
            self.unpriced.add(key)
            log.warning("llm.price_unknown", model=key, tried=list(models))
        return 0.0
