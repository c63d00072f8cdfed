"""DfE's Children in Need census XML (one file per collection year, or an in-year extract) -> contract tables."""
