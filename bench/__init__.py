"""The standard workload (shared/bench/WORKLOAD.md), measured beside its ceilings.

``python -m bench --size M --db postgres`` (or ``make bench SIZE=M DB=postgres``) loads the
data set, starts the production server, drives it from this process and writes the results
to docs/benchmarks.md. See docs/benchmarks.md for what each figure means.
"""
