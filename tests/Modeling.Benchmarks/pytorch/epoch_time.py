#!/usr/bin/python3
"""The default config's network (conv32-bn-pool-conv64-bn-pool-fc256, dropout 0.25) trained for one epoch in
PyTorch on the same Fashion-MNIST images, batch size and thread count as the TorchSharp benchmark, to compare
epoch times: python3 epoch_time.py [threads=2] [batch_size=128] [train_images=54000] [epochs=1]"""
import gzip
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def network():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.ReLU(), nn.Dropout(0.25), nn.Linear(256, 10))


def main():
    args = dict(a.split("=", 1) for a in sys.argv[1:])
    threads = int(args.get("threads", 2))
    batch = int(args.get("batch_size", 128))
    count = int(args.get("train_images", 54000))
    epochs = int(args.get("epochs", 1))
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    images = torch.from_numpy(read_idx(f"{DATA}/train-images-idx3-ubyte.gz")[:count].copy()).float().div_(255).unsqueeze(1)
    labels = torch.from_numpy(read_idx(f"{DATA}/train-labels-idx1-ubyte.gz")[:count].astype(np.int64))
    model = network()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.004)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    print(f"torch {torch.__version__}, threads {threads}, batch {batch}, {count} images")
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(count)
        started = time.perf_counter()
        cpu_started = time.process_time()
        for start in range(0, count - batch + 1, batch):
            index = order[start:start + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(images[index]), labels[index])
            loss.backward()
            optimizer.step()
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        with open("/proc/loadavg") as f:
            load = f.read().split()[0]
        # CPU seconds follow the work on a shared machine; wall-clock seconds follow the neighbours too.
        print(f"epoch {epoch}: {seconds:.1f} s, {count // batch * batch / seconds:.0f} img/s, cpu {cpu:.1f} s, "
              f"last loss {loss.item():.4f}, load {load}")


if __name__ == "__main__":
    main()
