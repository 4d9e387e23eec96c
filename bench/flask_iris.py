"""The tutorial's Flask model server, the peer for bench/serving.sh.

Trains scikit-learn's RandomForestClassifier on iris with the tutorial's split (samples/data/iris.csv and
iris_test_rows.txt from this repository; labels 0/1/2 as in sklearn's load_iris) and serves it:

    POST /predict  {"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 5.1, "petal_width": 1.8}  ->  {"result": [2]}

Run with Flask's development server:   python3 bench/flask_iris.py --port 5000
or under gunicorn (2 workers):        python3 -m gunicorn -w 2 -b 127.0.0.1:5000 --chdir bench flask_iris:app
MLOPS_SAMPLES overrides the data folder (default: ../samples/data next to this file).
"""
import csv
import os
import sys

from flask import Flask, jsonify, request
from sklearn.ensemble import RandomForestClassifier

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
CLASSES = ["setosa", "versicolor", "virginica"]


def train():
    data = os.environ.get("MLOPS_SAMPLES") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "data")
    with open(os.path.join(data, "iris.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(data, "iris_test_rows.txt")) as f:
        test = {int(line) for line in f if line.strip()}
    train_rows = [r for i, r in enumerate(rows) if i not in test]
    x = [[float(r[name]) for name in FEATURES] for r in train_rows]
    y = [CLASSES.index(r["species"]) for r in train_rows]
    return RandomForestClassifier(n_estimators=100, random_state=42).fit(x, y)


model = train()
app = Flask(__name__)


@app.route("/predict", methods=["POST", "PUT"])
def predict():
    data = request.get_json(force=True)
    prediction = model.predict([[data[name] for name in FEATURES]])
    return jsonify({"result": prediction.tolist()})


if __name__ == "__main__":
    port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else 5000
    app.run(host="127.0.0.1", port=port, debug=False)
