"""Language of a text, by py3langid's bundled model (nothing is downloaded)."""

from __future__ import annotations

import py3langid

# Enough words to tell languages apart; the cost of detection grows with the sample.
_SAMPLE = 240


def detect_language(text: str) -> str | None:
    sample = " ".join(text.split())[:_SAMPLE]
    if len(sample) < 12:
        return None
    language, _ = py3langid.classify(sample)
    return str(language)
