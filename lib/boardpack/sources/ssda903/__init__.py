"""SSDA903 (DfE's looked-after children return): one folder of CSVs per collection year -> contract tables."""
