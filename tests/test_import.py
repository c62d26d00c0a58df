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
