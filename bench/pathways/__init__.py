"""Benchmark of the pathway engine against pm4py (pandas and Polars paths) and a bare
polars scan-and-group-by: `python -m bench.pathways [--sizes 1000000,10000000]`."""
