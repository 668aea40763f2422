#!/usr/bin/python3
"""cv2.imdecode as a peer of the runtime's decode: cv2_decode.py JPEG-DIR [runs] (Debian python3-opencv).

For each JPEG: medians of thread CPU time (time.thread_time_ns) and wall time of cv2.imdecode(IMREAD_COLOR) and of
IMREAD_REDUCED_COLOR_N with N chosen as ModelImageDecode=Reduced does for a 224x224 input (the largest of 8, 4, 2
with ceil(w/N) and ceil(h/N) both at least 224; 1 means the full decode)."""
import glob
import os
import statistics
import sys
import time

import cv2
import numpy as np

FLAGS = {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4, 8: cv2.IMREAD_REDUCED_COLOR_8}


def reduction(w, h, size=224):
    for n in (8, 4, 2):
        if -(-w // n) >= size and -(-h // n) >= size:
            return n
    return 1


def timed(data, flag, runs):
    for _ in range(3):
        cv2.imdecode(data, flag)
    cpu, wall = [], []
    for _ in range(runs):
        c, t = time.thread_time_ns(), time.perf_counter_ns()
        cv2.imdecode(data, flag)
        cpu.append((time.thread_time_ns() - c) / 1e6)
        wall.append((time.perf_counter_ns() - t) / 1e6)
    return f"{statistics.median(cpu):.2f} ({statistics.median(wall):.2f})"


def main():
    folder, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30
    cv2.setNumThreads(1)
    print(f"cv2 {cv2.__version__}, runs {runs}; medians in ms of thread CPU (wall)")
    print("| picture | cv2.imdecode IMREAD_COLOR | N | cv2.imdecode IMREAD_REDUCED_COLOR_N |")
    print("| --- | --- | --- | --- |")
    for path in sorted(glob.glob(os.path.join(folder, "*.jpg"))):
        data = np.fromfile(path, dtype=np.uint8)
        h, w = cv2.imdecode(data, cv2.IMREAD_COLOR).shape[:2]
        n = reduction(w, h)
        name = os.path.basename(path)[:-4].replace("_", " ")
        print(f"| {name} | {timed(data, FLAGS[1], runs)} | {n} | {timed(data, FLAGS[n], runs)} |")


if __name__ == "__main__":
    main()
