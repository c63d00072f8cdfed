"""boardpack: the monthly improvement board performance report for children's social care."""

__version__ = "0.1.0"
