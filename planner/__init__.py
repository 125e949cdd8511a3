"""planner: annual marketing plans for a telecom operator's government & enterprise department."""

__version__ = "0.3.0"
