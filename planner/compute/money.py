"""Money arithmetic: the only places where amounts are rounded.

Amounts are exact `Decimal`s from input to output. Two rules round:
- phasing (`truncate_cents`): each quarter of a spread but the last gets a whole number of cents
  of the money unit, cut down, and the last quarter the remainder, so quarters add up to the year
  exactly and none is ever negative;
- display (`allocate`, `round_table`): figures shown with 2 decimals. Where parts and their total
  are shown together, the shown parts add up exactly to the shown total, and the shown total is
  the exact total rounded half-up (largest-remainder allocation).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)


def round_cents(x: Decimal) -> Decimal:
    """`x` rounded half-up (away from zero) to 0.01."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def _floor_cents(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_FLOOR)


def truncate_cents(x: Decimal) -> Decimal:
    """`x` cut to 0.01 toward zero (what a spreadsheet's ROUNDDOWN(x, 2) does)."""
    return x.quantize(CENT, rounding=ROUND_DOWN)


def round_percent(x: Decimal, places: int = 1) -> Decimal:
    """A rate as a percentage rounded half-up, like money (Python's format rounds half-even)."""
    return (x * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def allocate(parts: Sequence[Decimal]) -> tuple[list[Decimal], Decimal]:
    """Round `parts` to cents so they add up to their exact sum rounded half-up.

    Largest remainder: every part is first rounded down; the cents still missing go to the parts
    that lost the most (ties to the earlier part). Each shown part is its exact value rounded down
    or up, never further off. Returns (shown parts, shown total).
    """
    total = round_cents(sum(parts, ZERO))
    floors = [_floor_cents(p) for p in parts]
    missing = int((total - sum(floors, ZERO)) / CENT)
    order = sorted(range(len(parts)), key=lambda i: (-(parts[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += CENT
    return floors, total


def round_table(cells: Sequence[Sequence[Decimal]], places: int = 2,
                ) -> tuple[list[list[Decimal]], list[Decimal], list[Decimal], Decimal]:
    """Round a table and its row, column and grand totals to cents (or to `places` decimals),
    consistently both ways.

    Every shown cell and total is its exact value rounded down or up; every shown row and column
    adds up exactly to its shown total; the shown grand total is the exact one rounded half-up.
    Such a rounding always exists (controlled rounding of a two-way table); it is found as an
    integral flow, since the fractions themselves are a feasible fractional flow. Among those, the
    one nearest to the exact figures is taken, so a figure is rounded the "wrong" way only when
    the totals need it.
    Returns (cells, row totals, column totals, grand total).
    """
    if places != 2:  # the same rounding, of the figures scaled so that cents are the step
        shift = 2 - places
        shown, row_totals, col_totals, grand = round_table(
            [[c.scaleb(-shift) for c in r] for r in cells])
        step = Decimal(1).scaleb(-places)
        back = lambda x: x.scaleb(shift).quantize(step)  # noqa: E731 - exact: a shift of digits
        return ([[back(c) for c in r] for r in shown], [back(x) for x in row_totals],
                [back(x) for x in col_totals], back(grand))
    rows = [list(r) for r in cells]
    if not rows or not rows[0]:
        return rows, [sum(r, ZERO) for r in rows], [], ZERO
    n, m = len(rows), len(rows[0])
    row_sums = [sum(r, ZERO) for r in rows]
    col_sums = [sum((rows[i][j] for i in range(n)), ZERO) for j in range(m)]
    grand = round_cents(sum(row_sums, ZERO))
    if all(c == round_cents(c) for r in rows for c in r):  # nothing to round: the common case
        return rows, row_sums, col_sums, grand
    floors = [[_floor_cents(c) for c in r] for r in rows]
    ups = _round_ups(rows, floors, row_sums, col_sums, grand)
    shown = [[floors[i][j] + (CENT if (i, j) in ups else ZERO) for j in range(m)]
             for i in range(n)]
    shown_rows = [sum(r, ZERO) for r in shown]
    shown_cols = [sum((shown[i][j] for i in range(n)), ZERO) for j in range(m)]
    return shown, shown_rows, shown_cols, grand


def _round_ups(rows: list[list[Decimal]], floors: list[list[Decimal]], row_sums: list[Decimal],
               col_sums: list[Decimal], grand: Decimal) -> set[tuple[int, int]]:
    """Which cells to round up: a feasible integral flow with lower bounds (networkx)."""
    import networkx as nx  # only tables that need rounding pay for the import

    n, m = len(rows), len(rows[0])

    def cost(exact: Decimal) -> int:
        # what rounding up costs over rounding down, in millionths of a cent: 1 - 2 × fraction
        frac = (exact - _floor_cents(exact)) / CENT
        return int((1 - 2 * frac) * 1_000_000)

    def bounds(exact: Decimal, floor_sum: Decimal) -> tuple[int, int, int]:
        lo = int((_floor_cents(exact) - floor_sum) / CENT)
        hi = lo + (0 if exact == _floor_cents(exact) else 1)
        return lo, hi, cost(exact)

    g = nx.DiGraph()
    demand = {"s": 0, "t": 0}

    # Lower bounds become node demands: an edge u->v with lower bound l moves l units up front.
    def edge(u: str, v: str, lo: int, hi: int, weight: int = 0) -> None:
        g.add_edge(u, v, capacity=hi - lo, weight=weight)
        demand[u] = demand.get(u, 0) + lo
        demand[v] = demand.get(v, 0) - lo

    for i in range(n):
        edge("s", f"r{i}", *bounds(row_sums[i], sum(floors[i], ZERO)))
        for j in range(m):
            if rows[i][j] != floors[i][j]:
                edge(f"r{i}", f"c{j}", 0, 1, cost(rows[i][j]))
    for j in range(m):
        col_floor = sum((floors[i][j] for i in range(n)), ZERO)
        edge(f"c{j}", "t", *bounds(col_sums[j], col_floor))
    k = int((grand - sum((sum(f, ZERO) for f in floors), ZERO)) / CENT)
    edge("t", "s", k, k)
    for node, d in demand.items():
        g.add_node(node, demand=d)
    flow = nx.network_simplex(g)[1]
    return {(int(u[1:]), int(v[1:])) for u, out in flow.items() if u.startswith("r")
            for v, f in out.items() if f and v.startswith("c")}
