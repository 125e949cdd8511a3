"""Pure computation: a validated plan set in, exact targets at every level out.

`compute_targets`, `Targets` and `CustomerTargets` live in `compute/plan.py` and are loaded on
first use, so that the plan models can use the ledger's `money` module without importing the
whole pipeline (the models are what the pipeline is made of).
"""

from __future__ import annotations

from typing import Any

__all__ = ["CustomerTargets", "Targets", "compute_targets", "market_guidance"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from planner.compute import plan

        return getattr(plan, name)
    raise AttributeError(f"module 'planner.compute' has no attribute {name!r}")
