"""Reads a directory written by `dipgraph export --format parquet` with DuckDB.

Usage: parquet_check.py DIR SCALE_MD FROM TO. Prints JSON: the dataset the three files
hold (sources, actors and relations in file order, null fields left out as the dataset's
JSON leaves them out, the relations' derived columns apart), then the rows of the dyad and
path queries of docs/scale.md, run in DIR with their two actors replaced by FROM and TO.
"""

import json
import os
import re
import sys

import duckdb

DERIVED = ("class", "quad_class", "goldstein")


def present(value):
    """The value without its null fields."""
    if isinstance(value, dict):
        return {key: present(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [present(item) for item in value]
    return value


def rows(con, name):
    relation = con.sql(f"SELECT * FROM '{name}.parquet'")
    return [dict(zip(relation.columns, row)) for row in relation.fetchall()]


# The two actors each query of docs/scale.md names, replaced by parameters.
DOC_ACTORS = {"dyad": ("'turkey'", "'united-states'"), "path": ("'pkk'", "'jen-psaki'")}


def doc_query(doc, name):
    """The ```sql block of docs/scale.md whose first line is `-- NAME: …`."""
    start, end = DOC_ACTORS[name]
    for block in re.findall(r"```sql\n(.*?)```", doc, re.S):
        if block.startswith(f"-- {name}:"):
            return block.replace(start, "$start").replace(end, "$end")
    raise SystemExit(f"no `-- {name}:` query in docs/scale.md")


def main():
    directory, docs, start, end = sys.argv[1:5]
    with open(docs, encoding="utf-8") as file:
        doc = file.read()
    os.chdir(directory)
    con = duckdb.connect()
    relations = rows(con, "relations")
    derived = [{key: row.pop(key) for key in DERIVED} for row in relations]
    dataset = {
        "sources": present(rows(con, "sources")),
        "actors": present(rows(con, "actors")),
        "relations": present(relations),
    }
    params = {"start": start, "end": end}
    answers = {
        name: [[cell if isinstance(cell, list) else str(cell) for cell in row] for row in
               con.execute(doc_query(doc, name), params).fetchall()]
        for name in ("dyad", "path")
    }
    json.dump({"dataset": dataset, "derived": derived, **answers}, sys.stdout)


if __name__ == "__main__":
    main()
