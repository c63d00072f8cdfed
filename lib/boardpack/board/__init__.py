"""The board's view of the figures: benchmarks, targets, statistical process control, the
scorecard's comparisons, revisions since the last pack and analysts' commentary files.
Imports from ``indicators`` and ``sources`` only."""
