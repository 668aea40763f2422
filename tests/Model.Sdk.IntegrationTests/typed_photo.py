# A photo-like JPEG made and decoded by OpenCV, and cv2.dnn.blobFromImage of it: the reference the served image's
# typed inputs are compared with (TypedServingTests). Needs Debian's python3-opencv (eng/install-deps.sh).
# usage: /usr/bin/python3 typed_photo.py <out dir>  ->  <out>/photo.jpg, <out>/blob.raw (FP32 [1,3,32,32])
import sys

import cv2
import numpy as np

out = sys.argv[1]
h, w = 48, 64
y, x = np.mgrid[0:h, 0:w]
bgr = np.zeros((h, w, 3), np.uint8)
bgr[..., 2] = 170 + x * 80 // w  # red dominates
bgr[..., 1] = 30 + y * 90 // h
bgr[..., 0] = (x * 7 + y * 13) % 60
cv2.circle(bgr, (22, 30), 9, (250, 250, 250), -1)
ok, jpeg = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 92])
assert ok
with open(f"{out}/photo.jpg", "wb") as f:
    f.write(jpeg.tobytes())
image = cv2.imdecode(np.frombuffer(jpeg.tobytes(), np.uint8), cv2.IMREAD_COLOR)
blob = cv2.dnn.blobFromImage(image, 1 / 255, (32, 32), (0, 0, 0), swapRB=True, crop=True)
blob.astype(np.float32).tofile(f"{out}/blob.raw")
