"""The benchmark suite behind scripts/bench: one module per stage, the report and its chart."""
