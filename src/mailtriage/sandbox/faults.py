"""Which fault, if any, an emulator injects into the next request.

Every emulator decides the same way: a fault asked for by the request itself (a header) wins over
the test's script (consumed in order), that over a fault set for the whole server, and that over
the random rates (seeded, so a run can be replayed).
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Sequence

FAULT_HEADER = "x-emulator-fault"  # a request asks for its own fault with this header
OK = "ok"  # a script entry meaning "answer normally"


def pick_fault(
    requested: str | None,
    script: deque[str],
    fixed: str | None,
    rng: random.Random,
    rates: Sequence[tuple[float, Sequence[str]]],
) -> str | None:
    """``rates``: (probability, faults to choose from) in order, e.g. ``[(0.2, ["rate_limit"]),
    (0.1, ["server_error"])]``; their probabilities add up along one roll of the RNG."""
    if requested is not None:
        fault = requested
    elif script:
        fault = script.popleft()
    elif fixed is not None:
        fault = fixed
    else:
        fault = OK
        roll, edge = rng.random(), 0.0
        for probability, choices in rates:
            edge += probability
            if roll < edge:
                fault = choices[0] if len(choices) == 1 else rng.choice(list(choices))
                break
    return None if fault == OK else fault
