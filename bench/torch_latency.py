#!/usr/bin/env python3
"""PyTorch batch-1 inference latency (median of 2500 calls after 500 warm-up, 1 thread) of the models
PredictorBench measures: python3 bench/torch_latency.py"""
import time, statistics, torch, torch.nn as nn
torch.set_num_threads(1); torch.manual_seed(0)
models = {
 "mlp": (nn.Sequential(nn.Linear(784,256), nn.ReLU(), nn.Linear(256,128), nn.ReLU(), nn.Linear(128,10)), (1,784)),
 "lenet": (nn.Sequential(nn.Conv2d(1,6,5,padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6,16,5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(400,120), nn.ReLU(), nn.Linear(120,84), nn.ReLU(), nn.Linear(84,10)), (1,1,28,28)),
 "lstm": (nn.LSTM(64,128), (32,1,64)),
 "transformer": (nn.TransformerEncoderLayer(128,4,512,dropout=0.0,batch_first=True,norm_first=True), (1,64,128)),
}
for name,(m,shape) in models.items():
    m.eval(); x = torch.randn(*shape); ts=[]
    with torch.inference_mode():
        for i in range(3000):
            t=time.perf_counter_ns(); m(x); ts.append(time.perf_counter_ns()-t)
    ts=ts[500:]
    print(name, "p50 %.1f us" % (statistics.median(ts)/1e3))
