"""The Jinja sandbox a Word template renders in, with the work one render may do bounded.

Jinja's sandbox stops a template from reaching Python's internals, but not from running long:
`{% for i in range(10000) %}{% for j in range(10000) %}` is 10^8 steps, `{{ 'x' * 10**10 }}`
ten gigabytes. Here every element a `range` yields, every attribute or item looked up and every
piece of output counts as a step; a render of more than MAX_STEPS steps or MAX_OUTPUT characters
stops with a TemplateBudget error, as do a repetition or a power that would be too large. The
shipped templates take some 35 steps per customer of an industry plan (measured with 12 and 90
customers: 1,548 and 4,198 steps), so 5,000 customers in one industry take about 0.2 M; 2 M
steps are some ten seconds of rendering.
"""

from __future__ import annotations

from typing import Any

from jinja2.sandbox import SandboxedEnvironment, safe_range

MAX_STEPS = 2_000_000
MAX_OUTPUT = 256 * 2**20  # characters of one part's XML
MAX_EXPONENT = 256


class TemplateBudget(Exception):
    """A template did more work than one render may do."""


class _Range:
    """`range(...)` in a template: a range whose elements are counted as they are used."""

    def __init__(self, env: BoundedSandbox, values: range):
        self.env, self.values = env, values

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Any:
        for value in self.values:
            self.env.step()
            yield value


class BoundedSandbox(SandboxedEnvironment):
    """A SandboxedEnvironment that counts the steps of each render (see the module)."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any):
        super().__init__(**options)
        self.globals["range"] = lambda *args: _Range(self, safe_range(*args))
        self.steps = 0

    def step(self, n: int = 1) -> None:
        """Count `n` steps of the current render."""
        self.steps += n
        if self.steps > MAX_STEPS:
            raise TemplateBudget(f"the template did more than {MAX_STEPS:,} steps "
                                 "(a loop too long?)")

    def getattr(self, obj: Any, attribute: str) -> Any:  # noqa: D102
        self.step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:  # noqa: D102
        self.step()
        return super().getitem(obj, argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:  # noqa: D102
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int) \
                        and len(seq) * n > MAX_OUTPUT:
                    raise TemplateBudget(f"a repetition of {len(seq)} × {n} is too large")
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise TemplateBudget(f"a power of {right} is too large")
        return super().call_binop(context, operator, left, right)

    def render_bounded(self, template: Any, context: dict[str, Any]) -> str:
        """`template.render(context)`, stopped once it is past the budget."""
        self.steps, size, out = 0, 0, []
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateBudget(f"the template wrote more than {MAX_OUTPUT:,} characters")
            self.step()
            out.append(chunk)
        return "".join(out)
