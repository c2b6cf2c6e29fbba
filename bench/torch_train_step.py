#!/usr/bin/env python3
"""PyTorch side of bench/cnn.mjs: trains the TFA CLR tutorial's CNN on a fixed random batch and
reports the time of N train steps for each line "N" read from stdin (one line "ready" first).

The step: zero_grad, forward, cross-entropy, backward, SGD update (lr 0.01) -- what the ONNX
train step and tfjs's trainOnBatch do. Usage: python3 torch_train_step.py THREADS BATCH
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

threads, batch = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Dropout2d(0.2), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
    nn.Linear(32, 128), nn.ReLU(), nn.Linear(128, 10),
)
model.train()
opt = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.rand(batch, 1, 28, 28)
y = torch.randint(0, 10, (batch,))


def step():
    opt.zero_grad()
    F.cross_entropy(model(x), y).backward()
    opt.step()


for _ in range(10):
    step()
print("ready", torch.__version__, torch.get_num_threads(), flush=True)
for line in sys.stdin:
    n = int(line)
    t0 = time.perf_counter()
    for _ in range(n):
        step()
    print(time.perf_counter() - t0, flush=True)
