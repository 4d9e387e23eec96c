-- wrk: one-row MLflow scoring request (POST /invocations, dataframe_split), the tutorial's test row.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"dataframe_split": {"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "data": [[5.9, 3.0, 5.1, 1.8]]}}'
