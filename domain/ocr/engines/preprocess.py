"""OpenCV clean-up of a bill photo before Tesseract: decode (EXIF orientation applied), crop and
flatten the page (largest quadrilateral), scale text to ~300 dpi size, deskew, even out lighting.

Every step is conservative: when it finds nothing it is sure of (no page outline, no clear skew)
it leaves the image as it was.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image

from domain.ocr.port import MAX_PIXELS, ImageRejected

TARGET_TEXT_HEIGHT = 28  # pixels of a capital letter: Tesseract reads 20-30 px best
MAX_SIDE = 3600


def decode(image: bytes) -> np.ndarray:
    """BGR pixels of an image file; refuses what is not an image or is too many pixels."""
    try:
        with Image.open(io.BytesIO(image)) as probe:
            width, height = probe.size
    except Exception as exc:  # PIL raises many kinds for a non-image
        raise ImageRejected("unreadable") from exc
    if width * height > MAX_PIXELS:
        raise ImageRejected("too_large")
    pixels = cv2.imdecode(np.frombuffer(image, np.uint8), cv2.IMREAD_COLOR)
    if pixels is None:
        with Image.open(io.BytesIO(image)) as img:  # formats OpenCV lacks (e.g. some WebP, GIF)
            pixels = cv2.cvtColor(np.array(img.convert("RGB")), cv2.COLOR_RGB2BGR)
    if pixels.shape[0] < 32 or pixels.shape[1] < 32:
        raise ImageRejected("unreadable")
    return pixels


def _order(points: np.ndarray) -> np.ndarray:
    s = points.sum(axis=1)
    d = np.diff(points, axis=1).ravel()
    return np.array([points[np.argmin(s)], points[np.argmin(d)], points[np.argmax(s)], points[np.argmax(d)]],
                    dtype=np.float32)


def flatten_page(bgr: np.ndarray) -> np.ndarray:
    """Warp the largest four-cornered outline (the paper on a table) to a flat rectangle."""
    h, w = bgr.shape[:2]
    scale = 800 / max(h, w)
    small = cv2.resize(bgr, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA) if scale < 1 else bgr
    scale = min(scale, 1.0)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    edges = cv2.Canny(cv2.GaussianBlur(gray, (5, 5), 0), 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8), iterations=2)
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    area = small.shape[0] * small.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        peri = cv2.arcLength(contour, True)
        approx = cv2.approxPolyDP(contour, 0.02 * peri, True)
        c_area = cv2.contourArea(approx)
        if len(approx) != 4 or not 0.2 * area < c_area < 0.97 * area or not cv2.isContourConvex(approx):
            continue
        corners = _order(approx.reshape(4, 2).astype(np.float32) / scale)
        tl, tr, br, bl = corners
        width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
        height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
        if width < 100 or height < 100:
            return bgr
        target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
        matrix = cv2.getPerspectiveTransform(corners, target)
        return cv2.warpPerspective(bgr, matrix, (width, height), flags=cv2.INTER_CUBIC,
                                   borderMode=cv2.BORDER_REPLICATE)
    return bgr


def text_height(gray: np.ndarray) -> float | None:
    """Median height of letter-sized ink blobs, or None when there are too few to tell."""
    binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    count, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    heights = [stats[i, cv2.CC_STAT_HEIGHT] for i in range(1, count)
               if 6 <= stats[i, cv2.CC_STAT_HEIGHT] <= 300 and stats[i, cv2.CC_STAT_WIDTH] <= 3 * stats[i, cv2.CC_STAT_HEIGHT]
               and stats[i, cv2.CC_STAT_AREA] >= 12]
    if len(heights) < 15:
        return None
    return float(np.percentile(heights, 70))


def rescale(gray: np.ndarray) -> np.ndarray:
    """Scale so capital letters are about TARGET_TEXT_HEIGHT pixels (bounded by MAX_SIDE)."""
    h, w = gray.shape[:2]
    height = text_height(gray)
    factor = TARGET_TEXT_HEIGHT / height if height else (1600 / w if w < 1000 else 1.0)
    factor = max(0.4, min(factor, 3.0))
    factor = min(factor, MAX_SIDE / max(h, w))
    if abs(factor - 1) < 0.1:
        return gray
    interp = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
    return cv2.resize(gray, (int(w * factor), int(h * factor)), interpolation=interp)


def rotate(gray: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate counter-clockwise by `degrees`, growing the canvas and filling with white."""
    h, w = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(gray, matrix, (nw, nh), flags=cv2.INTER_CUBIC, borderValue=255)


def skew_angle(gray: np.ndarray, limit: float = 12.0) -> float:
    """The small rotation that makes text lines horizontal (sharpest row projection), in degrees."""
    h, w = gray.shape[:2]
    scale = 700 / max(h, w)
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    binary = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    center = (small.shape[1] / 2, small.shape[0] / 2)

    def score(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(center, angle, 1.0)
        turned = cv2.warpAffine(binary, matrix, (small.shape[1], small.shape[0]), flags=cv2.INTER_NEAREST)
        rows = turned.sum(axis=1, dtype=np.float64)
        return float(np.sum(np.diff(rows) ** 2))

    coarse = max(np.arange(-limit, limit + 0.01, 1.0), key=score)
    fine = max(np.arange(coarse - 1, coarse + 1.01, 0.2), key=score)
    return float(fine) if abs(fine) >= 0.3 else 0.0


def even_lighting(gray: np.ndarray) -> np.ndarray:
    """Divide out the paper's shading (shadows, a lamp's gradient), then stretch contrast (CLAHE).

    The background is estimated at a quarter size so its window is far wider than any letter.
    """
    h, w = gray.shape[:2]
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    small = cv2.medianBlur(cv2.dilate(small, np.ones((5, 5), np.uint8)), 31)
    background = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(gray, np.maximum(background, 1), scale=255)
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
    return clahe.apply(flat)


def prepare(image: bytes, orient: Callable[[np.ndarray], int] | None = None) -> np.ndarray:
    """The grayscale page, flat, upright, at reading size, evenly lit.

    `orient` (e.g. Tesseract OSD) returns the clockwise quarter turn the page needs (0, 90, 180, 270).
    """
    bgr = flatten_page(decode(image))
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    gray = rescale(gray)
    if orient is not None:
        turn = orient(gray) % 360
        if turn == 90:
            gray = cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE)
        elif turn == 180:
            gray = cv2.rotate(gray, cv2.ROTATE_180)
        elif turn == 270:
            gray = cv2.rotate(gray, cv2.ROTATE_90_COUNTERCLOCKWISE)
    angle = skew_angle(gray)
    if angle:
        gray = rotate(gray, angle)
    return even_lighting(gray)
