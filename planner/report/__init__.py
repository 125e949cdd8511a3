"""Results -> what people read. The only package that formats figures."""

from planner.report.common import Table, money, percent, target_tables
from planner.report.json import plan_info, targets_json

__all__ = ["Table", "money", "percent", "plan_info", "target_tables", "targets_json"]
