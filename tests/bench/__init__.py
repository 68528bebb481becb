"""Benchmarks: each part of procnet as a ratio to a baseline run beside it (`make bench`).

Files are named ``bench_*.py`` so the normal pytest run never collects them.
See BENCHMARKS.md for how to run and read the table.
"""
