#!/usr/bin/python3
"""Test images and OpenCV's answers for the typed-input tests (Debian python3-opencv; run with /usr/bin/python3).

  opencv_images.py make DIR         writes the test images (deterministic: fixed seed, no clock)
  opencv_images.py blob CASES.json  for each case {image, out, width, height, scale, mean, swapRB, crop, uint8, reduce}
                                    writes cv2.dnn.blobFromImage(cv2.imdecode(bytes, IMREAD_COLOR), ...) (NCHW, raw);
                                    reduce 2, 4 or 8 decodes with IMREAD_REDUCED_COLOR_2, _4 or _8 instead
"""
import json
import struct
import sys

import cv2
import numpy as np


def picture(width, height, seed):
    """A photo-like picture: smooth gradients, a few shapes, and noise (so resizing has edges and texture)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    img = np.stack([255 * x / width, 255 * y / height, 128 + 100 * np.sin(x / 7.0 + y / 11.0)], axis=-1)
    cv2.circle(img, (width // 3, height // 2), max(2, min(width, height) // 4), (20, 200, 90), -1)
    cv2.rectangle(img, (width // 2, height // 5), (width - 3, height // 2), (250, 30, 160), -1)
    img += rng.normal(0, 12, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def exif_orientation_6(jpeg):
    """Inserts an APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation = 6) after SOI."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0) + struct.pack(">I", 0)
    payload = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def make(folder):
    sizes = {"wide.png": (300, 200), "tall.png": (97, 131), "square.png": (224, 224), "tiny.png": (20, 15), "strip.png": (37, 300),
             "double.png": (448, 448), "photo.jpg": (320, 240), "odd.jpg": (161, 119), "grid.bmp": (150, 100),
             "lossless.webp": (200, 120), "lossy.webp": (180, 260), "rotated.jpg": (120, 80),
             # for the reduced (DCT-scaled) JPEG decode
             "r640.jpg": (640, 480), "r1920.jpg": (1920, 1080), "r4032.jpg": (4032, 3024), "r300.jpg": (300, 200),
             "r1001.jpg": (1001, 753), "rrot.jpg": (1280, 640), "r640.png": (640, 480)}
    for i, (name, (w, h)) in enumerate(sorted(sizes.items())):
        img = picture(w, h, i)
        ext = "." + name.split(".")[-1]
        params = {".jpg": [cv2.IMWRITE_JPEG_QUALITY, 90], ".webp": [cv2.IMWRITE_WEBP_QUALITY, 101 if "lossless" in name else 80]}
        ok, data = cv2.imencode(ext, img, params.get(ext, []))
        assert ok, name
        data = data.tobytes()
        if name in ("rotated.jpg", "rrot.jpg"):
            data = exif_orientation_6(data)
        with open(f"{folder}/{name}", "wb") as f:
            f.write(data)


READ_FLAGS = {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4,
              8: cv2.IMREAD_REDUCED_COLOR_8}


def blob(cases_file):
    with open(cases_file) as f:
        cases = json.load(f)
    for c in cases:
        img = cv2.imdecode(np.fromfile(c["image"], dtype=np.uint8), READ_FLAGS[c.get("reduce", 1)])
        ddepth = cv2.CV_8U if c["uint8"] else cv2.CV_32F
        out = cv2.dnn.blobFromImage(img, c["scale"], (c["width"], c["height"]), tuple(c["mean"]), c["swapRB"],
                                    c["crop"], ddepth=ddepth)
        out.tofile(c["out"])
        with open(c["out"] + ".size", "w") as f:
            f.write(f"{img.shape[1]} {img.shape[0]}")


if __name__ == "__main__":
    {"make": make, "blob": blob}[sys.argv[1]](sys.argv[2])
