# Writes tests/fixtures/sklearn-tabular.json: reference values from scikit-learn for the tabular
# preprocessing of csv(…) (packages/runtime/src/data/tabular.ts). Run by hand with Debian's Python:
#   apt-get install -y python3-sklearn && /usr/bin/python3 scripts/sklearn-tabular-fixtures.py
# The numeric columns of examples/data/titanic-style.csv, training rows = data rows whose index
# (0-based, header excluded) is not a multiple of 5, test rows = the others; the imputer and the
# scaler are fitted on the training rows only (a Pipeline), then applied to both; the first 40
# transformed rows of each part are kept.

import csv
import json
import os

import numpy as np
import sklearn
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

root = os.path.join(os.path.dirname(__file__), "..")
with open(os.path.join(root, "examples", "data", "titanic-style.csv")) as f:
    rows = list(csv.DictReader(f))
columns = ["Pclass", "Age", "SibSp", "Parch", "Fare"]
# float32 first, as nnet reads the file, then float64 for the statistics (as nnet computes them).
values = np.array(
    [[np.float32(r[c]) if r[c] != "" else np.nan for c in columns] for r in rows], dtype=np.float64
)
train = np.array([i % 5 != 0 for i in range(len(rows))])

cases = []
for missing in ["mean", "median"]:
    for scale in ["none", "standardize", "minmax"]:
        steps = [("impute", SimpleImputer(strategy=missing))]
        if scale == "standardize":
            steps.append(("scale", StandardScaler()))
        if scale == "minmax":
            steps.append(("scale", MinMaxScaler()))
        pipeline = Pipeline(steps).fit(values[train])
        imputer = pipeline.named_steps["impute"]
        case = {
            "missing": missing,
            "scale": scale,
            "fill": imputer.statistics_.tolist(),
            # The first 40 rows of each part (the statistics behind them come from all training rows).
            "training": pipeline.transform(values[train][:40]).tolist(),
            "test": pipeline.transform(values[~train][:40]).tolist(),
        }
        cases.append(case)

out = os.path.join(root, "tests", "fixtures", "sklearn-tabular.json")
with open(out, "w") as f:
    json.dump(
        {
            "generator": "scripts/sklearn-tabular-fixtures.py",
            "sklearn": sklearn.__version__,
            "file": "examples/data/titanic-style.csv",
            "columns": columns,
            "cases": cases,
        },
        f,
    )
    f.write("\n")
print(f"wrote {os.path.normpath(out)}")
