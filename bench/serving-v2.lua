-- wrk: one-row Open Inference Protocol request (POST /v2/models/iris/infer), one FP32 tensor of shape [1, 4].
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [5.9, 3.0, 5.1, 1.8]}]}'
