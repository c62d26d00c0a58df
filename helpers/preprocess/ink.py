"""Photo clean-up: the one digit's ink in a photo of a page, everything else black.

:func:`photo_to_ink` evens out the lighting, takes away ruled or squared
lines and drawn frames, reads a digit painted on a dark plate, and picks the
one digit among the ink blobs (a blank page or several digits: a clear error).
Its result goes on to :func:`helpers.preprocess.paper.ink_on_paper` and
:func:`helpers.preprocess.mnist_format.ink_to_mnist`, like any cropped picture.

Example
-------
>>> import numpy as np
>>> page = np.full((120, 90), 0.8, dtype=np.float32)   # grey paper
>>> page[30:90, 40:48] = 0.2                            # a dark "1"
>>> ink = photo_to_ink(page)
>>> bool(ink[60, 44] > 0.5), float(ink[10, 10])
(True, 0.0)
"""

from __future__ import annotations

import numpy as np

from .errors import NoDigitError, SeveralDigitsError
from .polarity import MIN_CONTRAST, is_dark_on_light, otsu_split

__all__ = ["photo_to_ink", "CLOSING_FRACTION", "MIN_INK", "LINE_FRACTION", "MIN_RULINGS", "SECOND_DIGIT_SHARE",
           "PLATE_MIN_SIDE", "PLATE_SOLIDITY", "PLATE_DARK_SHARE"]

#: The paper's level is a closing over a square this share of the photo's longer side (wider than any stroke).
CLOSING_FRACTION = 0.12
#: After the lighting is flattened, ink darker than the paper by less than this share is not a digit.
MIN_INK = 0.12
#: A straight line longer than this share of the photo's width (or height) is a ruling, not a stroke...
LINE_FRACTION = 0.4
#: ...when there are at least this many parallel ones (ruled or squared paper).
MIN_RULINGS = 3
#: Two blobs each with at least this share of the largest blob's ink, apart, are two digits.
SECOND_DIGIT_SHARE = 0.35

#: A plate (a filled dark rectangle with a light digit on it, as house numbers) spans at least this
#: share of the photo's longer side...
PLATE_MIN_SIDE = 0.12
#: ...fills at least this share of its bounding box (a rectangle seen at a slant still does)...
PLATE_SOLIDITY = 0.9
#: ...and is dark over at least this share of its area: a drawn frame, even a thick one, is mostly paper
#: (0.17-0.38 for the framed photos 70-79 of images/photos/), a box filled by a bold digit 0.68, a plate 0.75-0.86.
PLATE_DARK_SHARE = 0.72


def photo_to_ink(grey: np.ndarray, invert: bool | str = "auto", found: dict | None = None,
                 rulings: bool = True) -> np.ndarray:
    """The digit's ink in a photo of a page, light on black, everything else 0.

    Steps (on the photo as :func:`read_image` gives it, shrunk to about
    :data:`helpers.preprocess.pipeline.WORK_SIDE` pixels):

    1. polarity: :func:`is_dark_on_light` on the middle of the photo (its
       border may show the table), unless ``invert`` says;
    2. lighting: the paper's brightness under every pixel is a grey-level
       closing over a square wider than any pen stroke (:data:`CLOSING_FRACTION`
       of the photo); ink = 1 - photo / paper. Shadows, a dim photo and the
       paper's edge (a step, which a closing keeps) all become 0;
    3. ruled or squared paper: straight lines longer than :data:`LINE_FRACTION`
       of the photo (searched at angles up to 5 degrees, for perspective) are
       taken away when there are at least :data:`MIN_RULINGS` of them;
    4. the ink is split into blobs; blobs touching the photo's edge (the
       table, the paper's edge) and long thin lines are dropped while others
       remain; a drawn frame (a blob with ink along at least three sides of
       its box) loses those sides;
       a digit painted light on a dark plate (a filled rectangle, as house
       numbers) is taken from the plate instead (:func:`_plate_digit`);
    5. the largest blob and the pieces near it are the digit. Another blob
       of comparable size elsewhere, or two side by side, means several digits.

    ``rulings=False`` skips step 3 (a small picture cropped about a frame: the frame's sides and a
    digit's bar would look like three rulings). ``found``, when given, is filled with what was taken away: ``found["plate"]`` (the digit came
    from a plate) and ``found["frame"]`` (a drawn frame lost its sides).

    Raises
    ------
    NoDigitError
        Nothing stands out from the paper (a blank page).
    SeveralDigitsError
        More than one digit-sized blob.

    Example
    -------
    >>> page = np.full((300, 200), 0.42, dtype=np.float32)   # a dim photo
    >>> page[80:220, 90:110] = 0.1                            # a "1"
    >>> ink = photo_to_ink(page)
    >>> ink.shape, float(ink[150, 100]) > 0.5, float(ink[20, 20])
    ((300, 200), True, 0.0)
    """
    from scipy import ndimage

    grey = np.asarray(grey, dtype=np.float32)
    if grey.ndim != 2 or min(grey.shape) < 8:
        raise ValueError(f"Expected a 2-D greyscale photo of at least 8x8 pixels, got shape {grey.shape}.")
    h, w = grey.shape
    if invert == "auto":
        # shadows would blur the two brightness groups: divide by a wide blur first
        # (which thin strokes hardly change, whatever their polarity)
        wide = max(3, int(0.2 * max(h, w)) | 1)  # two box blurs: smooth, and quick at any width
        light = ndimage.uniform_filter(ndimage.uniform_filter(grey, wide, mode="nearest"), wide, mode="nearest")
        even = grey / np.maximum(light, 1e-3)
        even = ndimage.gaussian_filter(even, 1.0)
        mh, mw = h // 5, w // 5
        invert = is_dark_on_light(np.clip(even[mh : h - mh, mw : w - mw] / max(float(even.max()), 1e-3), 0, 1))
    page = grey if invert else 1.0 - grey  # dark ink on a light background from here on
    page = ndimage.gaussian_filter(page, 1.0)  # camera noise and JPEG blocks
    found = {} if found is None else found
    found.update(plate=False, frame=False)
    try:
        on_plate = _plate_digit(page, found)
    except (NoDigitError, SeveralDigitsError):
        found["plate"] = True  # a plate, but no one digit on it
        raise
    if on_plate is not None:
        found["plate"] = True
        return on_plate

    size = max(5, int(round(CLOSING_FRACTION * max(h, w))) | 1)
    paper = ndimage.grey_closing(page, size=(size, size))
    ink = 1.0 - page / np.maximum(paper, 1e-3)
    ink = np.clip(ink - np.median(ink), 0.0, 1.0).astype(np.float32)

    if rulings:
        ink = _remove_rulings(ink)
    peak = float(np.percentile(ink, 99.9))
    if peak < MIN_INK:
        raise NoDigitError(
            f"No digit found: once the lighting is evened out, nothing on the page is darker than "
            f"the paper by more than {peak:.0%} (a digit needs about {MIN_INK:.0%}). If there is a "
            f"digit, it is too faint or too small: go over it with a darker, thicker pen, let it "
            f"fill more of the photo, and photograph it in even light."
        )
    strong, weak = ink > 0.5 * peak, ink > 0.25 * peak
    labels, n = ndimage.label(weak, structure=np.ones((3, 3)))
    keep = np.zeros(n + 1, dtype=bool)
    keep[np.unique(labels[strong])] = True
    keep[0] = False
    mask = keep[labels]

    unframed = _drop_frames(mask)
    found["frame"] = bool((unframed != mask).any())
    group = _pick_digit(unframed, ink)
    near = ndimage.binary_dilation(group, iterations=2)
    return np.where(near, ink, 0.0).astype(np.float32)


def _plate_digit(page: np.ndarray, found: dict | None = None) -> np.ndarray | None:
    """The digit painted light on a dark plate (house-number style), as ink, or None when the photo shows
    no plate. A plate: a dark blob (darker than Otsu's threshold of the photo) away from the photo's edge,
    at least :data:`PLATE_MIN_SIDE` of the photo, almost a filled rectangle (:data:`PLATE_SOLIDITY`) and
    mostly dark (:data:`PLATE_DARK_SHARE`), with light marks inside it. The digit is the light marks
    enclosed by the plate, less a light rim along its border (a frame); its ink is how much lighter than
    the plate each pixel is. A plate with nothing on it sets ``found["empty_plate"]``."""
    from scipy import ndimage

    found = {} if found is None else found
    h, w = page.shape
    low, high = float(page.min()), float(page.max())
    if high - low < MIN_CONTRAST:
        return None
    threshold, _ = otsu_split(page.ravel(), low, high)
    dark = page < threshold
    labels, boxes = _blobs(dark)
    best = None
    for number, box in enumerate(boxes, start=1):
        if box is None:
            continue
        top, bottom, left, right = box[0].start, box[0].stop, box[1].start, box[1].stop
        if top == 0 or left == 0 or bottom == h or right == w:
            continue  # the table, a dark board's edge
        if max(bottom - top, right - left) < PLATE_MIN_SIDE * max(h, w) or min(bottom - top, right - left) < 8:
            continue
        blob = labels[box] == number
        filled = ndimage.binary_fill_holes(blob)
        if filled.mean() < PLATE_SOLIDITY or blob.sum() < PLATE_DARK_SHARE * filled.sum():
            continue
        if best is None or filled.sum() > best[2].sum():
            best = (box, blob, filled)
    if best is None:
        return None
    box, blob, filled = best
    region = page[box]
    plate_level = float(np.median(region[blob]))
    inside = filled & ~blob
    if inside.sum() < 0.01 * filled.sum():
        found["empty_plate"] = True
        return None
    paint_level = float(np.percentile(region[inside], 90))
    if paint_level - plate_level < MIN_INK:
        found["empty_plate"] = True
        return None
    ink = np.clip((region - plate_level) / (paint_level - plate_level), 0.0, 1.0).astype(np.float32)
    marks = inside & (ink > 0.5)
    marks = _drop_frames(marks)
    if not marks.any():
        return None
    group = _pick_digit(marks, ink)
    near = ndimage.binary_dilation(group, iterations=2) & filled
    out = np.zeros_like(page, dtype=np.float32)
    out[box] = np.where(near, ink, 0.0)
    return out


def _remove_rulings(ink: np.ndarray) -> np.ndarray:
    """Take away the lines of ruled or squared paper: straight runs longer than
    LINE_FRACTION of the photo, horizontal or vertical within 5 degrees, when
    there are MIN_RULINGS of them in that direction. Found on a half-size
    copy (a greyscale opening along sheared rows), so a few milliseconds."""
    from scipy import ndimage

    small = ink[: ink.shape[0] // 2 * 2, : ink.shape[1] // 2 * 2]
    small = small.reshape(small.shape[0] // 2, 2, small.shape[1] // 2, 2).max(axis=(1, 3))
    lines = np.zeros_like(small)
    for axis in (1, 0):  # along rows (horizontal lines), then along columns
        img = small if axis == 1 else small.T
        rows, cols = img.shape
        length = max(8, int(LINE_FRACTION * cols))
        found = np.zeros_like(img)
        x = np.arange(cols)
        for degrees in range(-5, 6):
            offset = np.round(x * np.tan(np.radians(degrees))).astype(int)
            index = np.clip(np.arange(rows)[:, None] + offset[None, :], 0, rows - 1)
            sheared = np.take_along_axis(img, index, axis=0)
            thick = ndimage.maximum_filter1d(sheared, 3, axis=0)  # a line may wander by a pixel
            opened = ndimage.maximum_filter1d(ndimage.minimum_filter1d(thick, length, axis=1), length, axis=1)
            undo = np.clip(np.arange(rows)[:, None] - offset[None, :], 0, rows - 1)
            found = np.maximum(found, np.take_along_axis(np.minimum(opened, sheared), undo, axis=0))
        runs, n = ndimage.label(found > MIN_INK / 2, structure=np.ones((3, 3)))
        spans = [sl[1].stop - sl[1].start for sl in ndimage.find_objects(runs)] if n else []
        if sum(span >= length for span in spans) >= MIN_RULINGS:
            lines = np.maximum(lines, found if axis == 1 else found.T)
    if not lines.any():
        return ink
    lines = ndimage.maximum_filter(lines, 3)  # cover the line's full width back at full size
    full = np.zeros_like(ink)
    big = np.repeat(np.repeat(lines, 2, axis=0), 2, axis=1)
    full[: big.shape[0], : big.shape[1]] = big
    return np.clip(ink - full, 0.0, 1.0)


def _blobs(mask: np.ndarray):
    from scipy import ndimage

    labels, n = ndimage.label(mask, structure=np.ones((3, 3)))
    return labels, ndimage.find_objects(labels)


def _drop_frames(mask: np.ndarray) -> np.ndarray:
    """A blob with ink along at least three sides of its bounding box is a
    drawn frame (no digit has that): those sides are erased, so that a digit
    touching the frame comes free."""
    mask = mask.copy()
    for _ in range(3):
        labels, boxes = _blobs(mask)
        changed = False
        for number, box in enumerate(boxes, start=1):
            if box is None:
                continue
            blob = labels[box] == number
            bh, bw = blob.shape
            if min(bh, bw) < 12:
                continue
            th, tw = max(2, int(0.08 * bh)), max(2, int(0.08 * bw))
            sides = [blob[:th].any(axis=0).mean(), blob[-th:].any(axis=0).mean(),
                     blob[:, :tw].any(axis=1).mean(), blob[:, -tw:].any(axis=1).mean()]
            if sum(side >= 0.8 for side in sides) < 3:
                continue
            band = np.zeros_like(blob)
            band[:th] = band[-th:] = True
            band[:, :tw] = band[:, -tw:] = True
            region = mask[box]
            region[blob & band] = False
            changed = True
        if not changed:
            break
    return mask


def _pick_digit(mask: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """The mask of the one digit among the ink blobs (see photo_to_ink, step 4-5)."""
    from scipy import ndimage

    h, w = mask.shape
    labels, boxes = _blobs(mask)
    if not boxes:
        raise NoDigitError(
            "No digit found: the only marks on the page are ruled lines, a frame or the "
            "photo's edges. Write the digit darker and larger, away from the picture's edge."
        )
    mass = ndimage.sum(ink, labels, index=np.arange(1, len(boxes) + 1))
    blobs = []
    for number, (box, m) in enumerate(zip(boxes, mass), start=1):
        top, bottom, left, right = box[0].start, box[0].stop, box[1].start, box[1].stop
        long_side, short_side = max(bottom - top, right - left), max(1, min(bottom - top, right - left))
        blobs.append({
            "number": number, "mass": float(m), "box": [top, bottom, left, right],
            "edge": top == 0 or left == 0 or bottom == h or right == w,
            "line": long_side >= LINE_FRACTION * max(h, w) and long_side >= 8 * short_side,
        })
    biggest = max(b["mass"] for b in blobs)
    blobs = [b for b in blobs if b["mass"] >= 0.02 * biggest]  # specks
    for unwanted in ("edge", "line"):  # dropped while anything else is left
        rest = [b for b in blobs if not b[unwanted]]
        if rest and max(b["mass"] for b in rest) >= 0.05 * biggest:
            blobs = rest
    blobs.sort(key=lambda b: -b["mass"])
    main = blobs[0]
    group, box = [main], list(main["box"])
    others = blobs[1:]
    grew = True
    while grew:
        grew = False
        reach = 0.15 * max(box[1] - box[0], box[3] - box[2])
        for b in list(others):
            t, btm, l, r = b["box"]
            gap = max(box[0] - btm, t - box[1], box[2] - r, l - box[3], 0)
            if gap <= reach:
                group.append(b)
                others.remove(b)
                box = [min(box[0], t), max(box[1], btm), min(box[2], l), max(box[3], r)]
                grew = True
    rivals = [b for b in others if b["mass"] >= SECOND_DIGIT_SHARE * main["mass"]]
    big = [b for b in group if b["mass"] >= SECOND_DIGIT_SHARE * main["mass"]]
    side_by_side = any(
        min(a["box"][3], b["box"][3]) - max(a["box"][2], b["box"][2])
        < 0.2 * min(a["box"][3] - a["box"][2], b["box"][3] - b["box"][2])
        for i, a in enumerate(big) for b in big[i + 1 :]
    )
    if rivals or side_by_side:
        raise SeveralDigitsError(
            f"Several digits found ({1 + len(rivals) + max(0, len(big) - 1)} blobs of ink of about a digit's "
            f"size). The model reads one digit at a time: crop the picture to a single digit (or "
            f"photograph one digit alone) and retry."
        )
    keep = np.zeros(len(boxes) + 1, dtype=bool)
    keep[[b["number"] for b in group]] = True
    return keep[labels]
