import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_helpers_does_not_import_tensorflow():
    code = (
        "import sys, helpers\n"
        "heavy = [m for m in ('tensorflow', 'keras', 'tensorflow_datasets', 'pooch') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import helpers pulled in: {out.stdout.strip()}"


def test_public_functions_have_docstrings_with_examples():
    import helpers

    for name in helpers.__all__:
        obj = getattr(helpers, name)
        if callable(obj) and not isinstance(obj, type):
            doc = obj.__doc__ or ""
            assert "Example" in doc, f"helpers.{name} has no example in its docstring"


# Every package requirements.txt names, by the module a notebook or test imports.
COURSE_MODULES = ["tensorflow", "keras", "tensorflow_datasets", "importlib_resources", "numpy", "scipy", "pandas",
                  "matplotlib", "PIL", "sklearn", "skimage", "pooch", "requests", "jupyterlab", "ipykernel",
                  "ipywidgets", "anywidget", "jupyter_resource_usage", "nbclient", "nbformat", "psutil",
                  "packaging", "pytest", "nbval", "google.protobuf"]


def test_every_course_package_imports_and_tfds_can_build_mnist():
    # In a fresh interpreter, as a notebook kernel would: a broken set of versions (e.g. a
    # tensorflow-metadata generated for a newer protobuf than the one installed) shows up here as
    # an import error or a tensorflow_datasets without `builder`, not half-way through notebook 04.
    code = (
        "import importlib, os\n"
        "os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'\n"
        f"for name in {COURSE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "import tensorflow_datasets as tfds\n"
        "builder = tfds.builder('mnist')\n"
        "print(builder.info.name, builder.info.splits['train'].num_examples if builder.info.splits else 'no data')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split()[0] == "mnist"
