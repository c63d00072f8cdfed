"""Sources: the data contract as code, the readers that turn a council's data into an ``Extract``,
and the record-level quality checks every reader's rows go through. Imports only ``calendar``,
``paths`` and ``params`` from above the layers."""
