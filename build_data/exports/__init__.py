"""Export stage: the database built by `osce-data build` -> the formats other tools read
(Akoma Ntoso, Popolo, Parquet, a citation graph), in an exports folder with SHA256SUMS
(build_data/exports/folder.py). Reads the database only; same database, same bytes."""

# In the order they are written; `osce-data export` writes all of them when none is named.
FORMAT_NAMES = ("akn", "popolo", "parquet", "graph")
