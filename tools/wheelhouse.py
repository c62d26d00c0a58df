"""A wheelhouse for lab machines without internet (``make wheelhouse``).

``wheelhouse/`` gets a wheel of every package the course installs (``requirements.txt`` at the
tested versions of ``constraints.txt``, and pip itself), built or downloaded for **this**
machine's platform and Python, and a prepared MNIST (``wheelhouse/tensorflow_datasets/mnist/``).
Copy the folder with the course to the lab machines (same operating system, same Python minor
version), then, with no network::

    python3 -m venv .venv
    .venv/bin/python -m pip install --no-index --find-links wheelhouse --upgrade pip
    .venv/bin/python -m pip install --no-index --find-links wheelhouse -r requirements.txt -c constraints.txt
    export TFDS_DATA_DIR=$PWD/wheelhouse/tensorflow_datasets

(``make lab WHEELHOUSE=wheelhouse`` does the two installs.) A package published only as a source
archive (tensorflow-datasets' ``promise``) is built into a wheel here, so that installing needs no
build tools. MNIST is copied from ``$TFDS_DATA_DIR`` when it holds one, else downloaded and
prepared by TensorFlow Datasets (about 11 MB).

CI builds the wheelhouse, installs the course's environment from it with ``--no-index``, and
runs every notebook with ``TFDS_DATA_DIR`` pointing into it (``.ci/run``).

    .venv/bin/python tools/wheelhouse.py [--out wheelhouse]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MNIST = "mnist"


def wheels(out: Path, python: str = sys.executable) -> list[Path]:
    """Build or download a wheel of every package of requirements.txt (constraints.txt's
    versions) and of pip into ``out``; return the wheels there."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([python, "-m", "pip", "wheel", "--quiet", "--wheel-dir", str(out),
                    "-r", str(ROOT / "requirements.txt"), "-c", str(ROOT / "constraints.txt"), "pip"],
                   check=True)
    return sorted(out.glob("*.whl"))


def prepared_mnist(data_dir: Path | None) -> Path | None:
    """``data_dir/mnist`` when it holds a prepared MNIST (a version folder with a
    ``dataset_info.json``), else None."""
    if data_dir is None:
        return None
    found = sorted((data_dir / MNIST).glob("*/dataset_info.json"))
    return found[-1].parent.parent if found else None


def mnist(out: Path) -> Path:
    """Put a prepared MNIST into ``out/tensorflow_datasets/mnist``: a copy of ``$TFDS_DATA_DIR``'s,
    else one downloaded and prepared by TensorFlow Datasets. Return the TFDS folder."""
    target = out / "tensorflow_datasets"
    if prepared_mnist(target):
        return target
    source = prepared_mnist(Path(os.environ["TFDS_DATA_DIR"])) if os.environ.get("TFDS_DATA_DIR") else None
    if source is not None:
        shutil.copytree(source, target / MNIST, dirs_exist_ok=True)
    else:
        try:
            import tensorflow_datasets as tfds
        except ImportError:
            raise SystemExit("MNIST: $TFDS_DATA_DIR names no prepared MNIST, and this Python has no "
                             "tensorflow_datasets to download one: set TFDS_DATA_DIR, or run "
                             ".venv/bin/python tools/wheelhouse.py (after make lab)") from None
        tfds.builder(MNIST, data_dir=str(target)).download_and_prepare()
    if prepared_mnist(target) is None:
        raise SystemExit(f"no prepared MNIST in {target}")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Wheels of every package, and MNIST, for offline lab machines.")
    parser.add_argument("--out", type=Path, default=ROOT / "wheelhouse", help="default: wheelhouse/")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    found = wheels(out)
    data = mnist(out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    print(f"{out}: {len(found)} wheels and MNIST ({data}), {size:,.0f} MB in all. On a lab machine like this one "
          f"(same OS and Python {sys.version_info.major}.{sys.version_info.minor}), with no network: "
          f"make lab WHEELHOUSE={args.out} (installs from it and reads its MNIST)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
