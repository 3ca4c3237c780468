"""mstui: milestones, targets and alerts for small teams, in the terminal."""

__version__ = "0.1.0"
