"""Plan vs actual (定期业务回顾): the phased targets to date held against actual revenue, per
customer × business line and rolled up to customers, industries, regions, business lines and the
market (the key customers: billing exports name customers, and the other customers' bulk rows have
none, so they are outside the review).

Pure: a plan set, its targets and the summed actuals in; exact Decimals out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from planner.compute import Targets
from planner.compute.money import ZERO, cents
from planner.compute.phasing import NO_QUARTERS, Quarters, add_quarters, quarter_number, spread
from planner.compute.targets import Figures
from planner.validate import PlanSet

Parts = tuple[Decimal, Decimal, Decimal]  # stock, increment, win-back
NO_PARTS: Parts = (ZERO, ZERO, ZERO)
PARTS = ("stock", "increment", "winback")


def _to_date(q: Quarters, through: int) -> Decimal:
    return sum(q[:through], ZERO)


def _ratio(a: Decimal, b: Decimal) -> Decimal | None:
    return a / b if b else None


def _add_parts(a: Parts, b: Parts) -> Parts:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


@dataclass(frozen=True)
class Part:
    """One of stock / increment / win-back: target and (attributed) actual to date, the year."""

    target: Decimal
    actual: Decimal
    year: Decimal

    @property
    def achievement(self) -> Decimal | None:
        """Actual ÷ target to date; None when the target to date is 0."""
        return _ratio(self.actual, self.target)

    @property
    def forecast(self) -> Decimal:
        """Actual to date + the rest of the year's target."""
        return self.actual + self.year - self.target


@dataclass(frozen=True)
class Progress:
    """Plan vs actual of one scope through quarter `through` (1..4)."""

    through: int
    target_q: Quarters = NO_QUARTERS  # the phased total target, Q1..Q4
    actual_q: Quarters = NO_QUARTERS  # actual revenue; quarters after `through` are 0
    parts_target: Parts = NO_PARTS  # stock / increment / win-back targets to date
    parts_actual: Parts = NO_PARTS  # the actual to date, attributed (see `attribute`)
    parts_year: Parts = NO_PARTS
    base_to_date: Decimal = ZERO  # base-year revenue of the same period

    @property
    def target(self) -> Decimal:
        """The phased target to date: Σ of the quarters up to `through`."""
        return _to_date(self.target_q, self.through)

    @property
    def actual(self) -> Decimal:
        """Actual revenue to date."""
        return _to_date(self.actual_q, self.through)

    @property
    def achievement(self) -> Decimal | None:
        """Actual ÷ target to date (达成率); None when the target to date is 0."""
        return _ratio(self.actual, self.target)

    @property
    def gap(self) -> Decimal:
        """Actual − target to date (negative: behind the plan)."""
        return self.actual - self.target

    @property
    def year(self) -> Decimal:
        """The year's target."""
        return sum(self.target_q, ZERO)

    @property
    def remaining(self) -> Decimal:
        """The target of the quarters after `through`."""
        return self.year - self.target

    @property
    def forecast(self) -> Decimal:
        """Year-end forecast = actual to date + the remaining plan."""
        return self.actual + self.remaining

    @property
    def forecast_achievement(self) -> Decimal | None:
        """Forecast ÷ the year's target; None when that is 0."""
        return _ratio(self.forecast, self.year)

    @property
    def yoy(self) -> Decimal | None:
        """Actual ÷ base-year revenue of the same period − 1; None without a base."""
        return self.actual / self.base_to_date - 1 if self.base_to_date else None

    def part(self, i: int) -> Part:
        """Stock (0), increment (1) or win-back (2)."""
        return Part(self.parts_target[i], self.parts_actual[i], self.parts_year[i])

    def __add__(self, other: Progress) -> Progress:
        return Progress(self.through, add_quarters(self.target_q, other.target_q),
                        add_quarters(self.actual_q, other.actual_q),
                        _add_parts(self.parts_target, other.parts_target),
                        _add_parts(self.parts_actual, other.parts_actual),
                        _add_parts(self.parts_year, other.parts_year),
                        self.base_to_date + other.base_to_date)


def attribute(actual: Decimal, target: Parts, base: Decimal) -> Parts:
    """Split a line's actual revenue to date into stock / increment / win-back.

    Billing knows the line, not why the customer paid, so the split follows the plan: the actual
    fills the stock target first, then the increment target, then the win-back target (the order
    in which the plan expects revenue to be secure). Revenue beyond the line's whole target counts
    as stock up to the base-year revenue of the period (the customer kept more than planned), and
    beyond that as increment (new revenue the plan did not foresee). A shortfall therefore shows
    first on win-back, then increment, then stock; the three always add up to the actual.
    """
    stock, increment, winback = target
    s = min(actual, stock)
    i = min(actual - s, increment)
    w = min(actual - s - i, winback)
    excess = actual - s - i - w
    kept = min(excess, max(base - stock, ZERO))
    return s + kept, i + excess - kept, w


@dataclass(frozen=True)
class Row:
    """One key customer's business line: its plan and its actuals."""

    customer: str
    region: str
    industry: str
    line: str
    progress: Progress


@dataclass(frozen=True)
class ItemStatus:
    """An opportunity or win-back item: has its start quarter passed, and is its line earning
    more than its stock target to date (the first sign the item brings revenue)?"""

    customer: str
    kind: str  # "opportunity" | "winback"
    index: int  # its position in the customer file
    line: str
    quarter: int  # start quarter
    weighted: Decimal
    beyond_stock: Decimal  # the line's actual to date − its stock target to date
    through: int

    @property
    def due(self) -> bool:
        """Its start quarter is within the review period."""
        return self.quarter <= self.through

    @property
    def stalled(self) -> bool:
        """Due, but its line has no revenue beyond the stock target."""
        return self.due and self.beyond_stock <= 0


@dataclass(frozen=True)
class Flag:
    """A review finding about a customer (or one of its lines or items), industry, region or
    the market; its text comes from planner.messages by `code`."""

    code: str
    level: str  # customer | industry | region | market
    id: str | None
    progress: Progress
    line: str | None = None
    item: ItemStatus | None = None


@dataclass(frozen=True)
class Review:
    """Plan vs actual at every level, the opportunities' status and the findings."""

    through: int
    threshold: Decimal
    rows: tuple[Row, ...]
    customers: dict[str, Progress]
    customer_lines: dict[str, dict[str, Progress]]
    industries: dict[str, Progress]
    industry_customers: dict[str, tuple[str, ...]]
    regions: dict[str, Progress]
    lines: dict[str, Progress]
    market: Progress
    items: tuple[ItemStatus, ...]
    flags: tuple[Flag, ...]


def base_to_date(plan: PlanSet, cid: str, line: str, base: Decimal, through: int) -> Decimal:
    """Base-year revenue of Q1..`through`: the base spread as the stock is (by the stock's
    quarterly shares when the plan gives them, a seasonal line, else evenly), to date — in the
    ledger's cents, R(base × cumulative share)."""
    shares = next((s.phasing for s in plan.customers[cid].stock
                   if s.business_line == line and s.phasing), None)
    return _to_date(spread(base, 1, shares), through)


def line_progress(figures: Figures, actual_q: Quarters, through: int,
                  base_td: Decimal) -> Progress:
    """One customer × line: its phased target and actuals; the actual to date attributed."""
    # an actual quarter is a leaf of the ledger: the billing rows' sum in whole cents
    actual_q = tuple(cents(a) if k < through else ZERO  # type: ignore
                     for k, a in enumerate(actual_q))
    ph = figures.quarters
    target: Parts = (_to_date(ph.stock, through), _to_date(ph.increment, through),
                     _to_date(ph.winback, through))
    actual = _to_date(actual_q, through)  # type: ignore[arg-type]
    return Progress(through, ph.total, actual_q, target,  # type: ignore[arg-type]
                    attribute(actual, target, base_td),
                    (figures.stock, figures.increment, figures.winback), base_td)


def _group(rows: Iterable[Row], key: Callable[[Row], str], order: list[str],
           through: int) -> dict[str, Progress]:
    out: dict[str, Progress] = {}
    for r in rows:
        k = key(r)
        out[k] = out.get(k, Progress(through)) + r.progress
    return {k: out[k] for k in [k for k in order if k in out] + [k for k in out if k not in order]}


def review_actuals(plan: PlanSet, targets: Targets, actuals: dict[tuple[str, str], Quarters],
                   through: int, threshold: Decimal) -> Review:
    """Plan vs actual through quarter `through`, with the findings (see `findings`)."""
    cat = plan.market.catalog
    order = [b.id for b in cat.business_lines]
    rank = {line: i for i, line in enumerate(order)}
    rows: list[Row] = []
    for cid, ct in targets.customers.items():
        c = plan.customers[cid]
        lines = set(ct.lines) | {line for (k, line) in actuals if k == cid}
        for line in sorted(lines, key=lambda x: rank.get(x, len(rank))):
            figures = ct.lines.get(line, Figures())
            base_td = base_to_date(plan, cid, line, figures.base, through)
            progress = line_progress(figures, actuals.get((cid, line), NO_QUARTERS), through,
                                     base_td)
            rows.append(Row(cid, c.region, c.industry, line, progress))
    customers = _group(rows, lambda r: r.customer, list(targets.customers), through)
    for cid in targets.customers:  # a customer with no lines at all still shows
        customers.setdefault(cid, Progress(through))
    industries = _group(rows, lambda r: r.industry, [i.id for i in cat.industries], through)
    review = Review(
        through, threshold, tuple(rows), customers,
        {cid: {r.line: r.progress for r in rows if r.customer == cid} for cid in customers},
        industries,
        {k: tuple(dict.fromkeys(r.customer for r in rows if r.industry == k)) for k in industries},
        _group(rows, lambda r: r.region, [r.id for r in cat.regions], through),
        _group(rows, lambda r: r.line, order, through),
        sum((r.progress for r in rows), Progress(through)),
        tuple(_items(plan, targets, rows, through)), ())
    return replace(review, flags=tuple(findings(review)))


def _items(plan: PlanSet, targets: Targets, rows: list[Row], through: int,
           ) -> Iterable[ItemStatus]:
    by_line = {(r.customer, r.line): r.progress for r in rows}
    for cid, ct in targets.customers.items():
        c = plan.customers[cid]
        for kind, items, inputs in (("opportunity", ct.opportunities, c.opportunities),
                                    ("winback", ct.winbacks, c.winback)):
            for item, given in zip(items, inputs):
                p = by_line[(cid, item.line)]
                yield ItemStatus(cid, kind, item.index, item.line, quarter_number(given.quarter),
                                 item.weighted, p.actual - p.parts_target[0], through)


def findings(review: Review) -> Iterable[Flag]:
    """The review's findings, customer by customer, then industries, regions, the market:

    - achievement to date below the threshold (customer, each of its lines, industry, region,
      market); a scope with no target to date has no achievement and is not flagged;
    - a line falling year on year: actual to date below the base-year revenue of the same period;
    - an opportunity or win-back item whose start quarter has passed while its line has no
      revenue beyond the stock target to date.
    """
    t = review.threshold

    def low(p: Progress) -> bool:
        return p.achievement is not None and p.achievement < t

    for cid, p in review.customers.items():
        if low(p):
            yield Flag("rv_below_threshold", "customer", cid, p)
        for line, lp in review.customer_lines[cid].items():
            if low(lp):
                yield Flag("rv_line_below_threshold", "customer", cid, lp, line)
            if lp.base_to_date and lp.actual < lp.base_to_date:
                yield Flag("rv_line_falling", "customer", cid, lp, line)
        for item in review.items:
            if item.customer == cid and item.stalled:
                code = "rv_winback_stalled"
                if item.kind == "opportunity":
                    code = "rv_opportunity_stalled"
                yield Flag(code, "customer", cid, review.customer_lines[cid][item.line],
                           item.line, item)
    for level, groups in (("industry", review.industries), ("region", review.regions)):
        for k, p in groups.items():
            if low(p):
                yield Flag("rv_below_threshold", level, k, p)
    if low(review.market):
        yield Flag("rv_below_threshold", "market", None, review.market)
