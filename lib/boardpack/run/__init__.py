"""Running the pack: the command line, the runner that executes the section notebooks, and the
one place that writes a run's outputs. The top layer: nothing imports it."""
