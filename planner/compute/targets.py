"""Revenue targets of one customer, and of the bulk rows: stock, increment, win-back, quarters.

Everything rolls up from `Row`s: one per customer × business line and one per bulk row. The
industry, region, business-line and market figures are sums of rows (`rollup.py`), and the market
workbook's data sheet is these rows, so every level is computed one way only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from planner.compute.money import ZERO, product
from planner.compute.phasing import NO_QUARTERS, Quarters, add_quarters, quarter_number, spread
from planner.model import BulkRow, Customer, Opportunity, StockLine, WinBack


@dataclass(frozen=True, slots=True)
class Phased:
    """Quarterly figures of the three parts of a target; `total` is their sum."""

    stock: Quarters = NO_QUARTERS
    increment: Quarters = NO_QUARTERS
    winback: Quarters = NO_QUARTERS

    @property
    def total(self) -> Quarters:
        """Q1..Q4 of stock + increment + win-back."""
        return add_quarters(self.stock, self.increment, self.winback)

    def __add__(self, other: Phased) -> Phased:
        return Phased(add_quarters(self.stock, other.stock),
                      add_quarters(self.increment, other.increment),
                      add_quarters(self.winback, other.winback))


@dataclass(frozen=True, slots=True)
class Figures:
    """A target split three ways, with its base-year revenue and quarterly phasing."""

    base: Decimal = ZERO
    stock: Decimal = ZERO
    increment: Decimal = ZERO
    pipeline: Decimal = ZERO  # unweighted opportunity amounts, beside the weighted increment
    winback: Decimal = ZERO
    previous: Decimal | None = None  # prior-year revenue where every part gave one
    quarters: Phased = Phased()

    @property
    def total(self) -> Decimal:
        """Total = stock + increment + win-back."""
        return self.stock + self.increment + self.winback

    @property
    def growth(self) -> Decimal | None:
        """Total ÷ base − 1; None when the base is 0."""
        return self.total / self.base - 1 if self.base else None

    @property
    def yoy(self) -> Decimal | None:
        """Base ÷ prior year − 1 (同比); None without a prior-year figure."""
        return self.base / self.previous - 1 if self.previous else None

    def __add__(self, other: Figures) -> Figures:
        prev = None if self.previous is None or other.previous is None \
            else self.previous + other.previous
        return Figures(self.base + other.base, self.stock + other.stock,
                       self.increment + other.increment, self.pipeline + other.pipeline,
                       self.winback + other.winback, prev, self.quarters + other.quarters)


EMPTY = Figures(previous=ZERO)


@dataclass(frozen=True, slots=True)
class Row:
    """One customer's business line, or one bulk row (customer None)."""

    customer: str | None
    region: str
    industry: str
    line: str
    figures: Figures
    bulk_index: int | None = None  # a bulk row's position in market.yaml other_customers


@dataclass(frozen=True, slots=True)
class Item:
    """A weighted opportunity or win-back item: weighted = amount × probability."""

    index: int
    line: str
    weighted: Decimal
    quarters: Quarters


def stock_figures(line: StockLine) -> Figures:
    """Stock target = R(base × retention), a leaf of the ledger, spread evenly over Q1..Q4 unless
    phasing is given."""
    stock = product(line.base, line.retention)
    return Figures(base=line.base, stock=stock, previous=line.previous,
                   quarters=Phased(stock=spread(stock, 1, line.phasing)))


def weighted_value(item: Any) -> Decimal:
    """An opportunity's or win-back item's weighted value, R(amount × probability): a leaf of the
    ledger (of its model, or of its sketch, which has the same amount and probability)."""
    return product(item.amount, item.probability)


def weigh(index: int, item: Opportunity | WinBack) -> Item:
    """Weighted = R(amount × probability), a leaf of the ledger, spread evenly from its start
    quarter to Q4."""
    weighted = weighted_value(item)
    return Item(index, item.business_line, weighted,
                spread(weighted, quarter_number(item.quarter)))


def customer_rows(c: Customer, line_order: list[str]) -> tuple[list[Row], list[Item], list[Item]]:
    """One row per business line the customer has stock, opportunities or win-back on.

    Returns the rows (in catalog order), the weighted opportunities and the weighted win-backs.
    """
    opps = [weigh(i, o) for i, o in enumerate(c.opportunities)]
    wins = [weigh(i, w) for i, w in enumerate(c.winback)]
    per_line: dict[str, Figures] = {}
    for s in c.stock:
        per_line[s.business_line] = stock_figures(s)
    for item, opp in zip(opps, c.opportunities):
        f = per_line.get(item.line, EMPTY)
        per_line[item.line] = f + Figures(increment=item.weighted, pipeline=opp.amount,
                                          previous=ZERO,
                                          quarters=Phased(increment=item.quarters))
    for item in wins:
        f = per_line.get(item.line, EMPTY)
        per_line[item.line] = f + Figures(winback=item.weighted, previous=ZERO,
                                          quarters=Phased(winback=item.quarters))
    rank = {line: i for i, line in enumerate(line_order)}
    rows = [Row(c.id, c.region, c.industry, line, per_line[line])
            for line in sorted(per_line, key=lambda x: rank.get(x, len(rank)))]
    return rows, opps, wins


def bulk_row(b: BulkRow, index: int | None = None) -> Row:
    """A bulk row: stock = R(base × retention) over Q1..Q4; increment and win-back as given, spread
    evenly from its quarter (default Q1) to Q4. Its pipeline is its increment (no probability)."""
    stock = product(b.base, b.retention)
    start = quarter_number(b.quarter)
    return Row(None, b.region, b.industry, b.business_line,
               Figures(b.base, stock, b.increment, b.increment, b.winback, b.previous,
                       Phased(spread(stock), spread(b.increment, start),
                              spread(b.winback, start))), index)
