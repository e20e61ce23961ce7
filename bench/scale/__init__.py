"""National-scale benchmark of the submission loader (`make bench-scale`, `python -m bench.scale`).

world.py   generates a synthetic national world: a full PLANTRACK_DATA directory (reference tables,
           plans, targets with lead departments, a seed document) and a landing folder of submission
           files, one CSV per department × region × quarter; plus a warehouse with the reference models
           the loader needs, built from those CSVs (the dbt pipeline is not run here).
measure.py the timed parts, each in a fresh process that prints its wall time and peak RSS as JSON:
           DuckDB alone on the same files, and the production loader.
__main__   generates (untimed), runs both, prints the table.
"""
