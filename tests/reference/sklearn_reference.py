#!/usr/bin/env python3
"""Reference numbers for MlopsKit's tutorial learners, computed with scikit-learn.

Usage: sklearn_reference.py <folder>
The folder holds diabetes.csv, iris.csv (header row, label last) and diabetes_test_rows.txt,
iris_test_rows.txt (0-based test-row indices, one per line). Prints one JSON object:
{"runs": [{"alpha", "l1_ratio", "rmse", "mae", "r2", "n_iter", "dual_gap", "coef", "intercept"}],
 "iris_rf_accuracy": float}
"""
import csv
import json
import os
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import ElasticNet
from sklearn.metrics import accuracy_score, mean_absolute_error, mean_squared_error, r2_score

RUNS = [(0.05, 0.05), (0.01, 0.01), (0.01, 0.75), (0.01, 1.0), (0.05, 1.0), (0.05, 0.01), (0.5, 0.8), (0.8, 1.0)]


def read_table(folder, name):
    with open(os.path.join(folder, name + ".csv"), newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    features = np.array([[float(v) for v in r[:-1]] for r in rows[1:]], dtype=np.float64)
    labels = [r[-1] for r in rows[1:]]
    with open(os.path.join(folder, name + "_test_rows.txt")) as f:
        test = sorted(int(line) for line in f if line.strip())
    is_test = np.zeros(len(labels), dtype=bool)
    is_test[test] = True
    return features, labels, is_test


def main(folder):
    x, labels, is_test = read_table(folder, "diabetes")
    y = np.array([float(v) for v in labels])
    x_train, y_train, x_test, y_test = x[~is_test], y[~is_test], x[is_test], y[is_test]
    runs = []
    for alpha, l1_ratio in RUNS:
        model = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, random_state=42).fit(x_train, y_train)
        predicted = model.predict(x_test)
        runs.append({
            "alpha": alpha,
            "l1_ratio": l1_ratio,
            "rmse": float(np.sqrt(mean_squared_error(y_test, predicted))),
            "mae": float(mean_absolute_error(y_test, predicted)),
            "r2": float(r2_score(y_test, predicted)),
            "n_iter": int(model.n_iter_),
            "dual_gap": float(model.dual_gap_),
            "coef": [float(c) for c in model.coef_],
            "intercept": float(model.intercept_),
        })

    x, labels, is_test = read_table(folder, "iris")
    y = np.array(labels)
    forest = RandomForestClassifier(n_estimators=300, random_state=42).fit(x[~is_test], y[~is_test])
    accuracy = float(accuracy_score(y[is_test], forest.predict(x[is_test])))
    print(json.dumps({"runs": runs, "iris_rf_accuracy": accuracy}))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: sklearn_reference.py <folder with diabetes.csv, iris.csv and *_test_rows.txt>")
    main(sys.argv[1])
