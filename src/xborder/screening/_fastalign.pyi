"""Types of the C build of the name scorer's hot path (`_fastalign.c`)."""

from typing import Any

def align(
    qp: tuple[Any, ...],
    cp: tuple[Any, ...],
    rows: list[list[float]],
    offset: int,
    params: tuple[float, float, float, float, float],
    want_pairs: bool,
) -> Any: ...
def best_reading_at(
    qv: tuple[tuple[Any, ...], ...],
    cv: tuple[tuple[Any, ...], ...],
    table: Any,
    rows_of_units: list[int],
    n: int,
    han_only: bool,
    knots: dict[str, float],
    token_keys: dict[str, str],
    params: tuple[float, float, float, float, float],
) -> tuple[float, int, int]: ...
