"""Every exercise's solution stays folded until the learner opens it, on JupyterLab, Colab and the
website (tools/solutions.py writes the markers, helpers/exercises/fold.py folds a solution's output).
What a browser shows is tested in tests/test_browser.py (JupyterLab, after Run All) and
tests/test_site.py (the website, at 1280 and 390 px)."""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.exercises.fold import FIGURE_ALT, FOLDED_KEY, SUMMARY, render
from tools import solutions

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: How an exercise is posed: a heading "### Exercise N: ..." or a paragraph "> **Exercise N (...).**".
EXERCISE = re.compile(r"^(?:#+ |> \*\*|\*\*)Exercise (\d+)\b", re.MULTILINE)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_solution_carries_every_platforms_fold(path):
    nb = nbformat.read(path, as_version=4)
    assert solutions.problems(nb) == [], "run .venv/bin/python tools/solutions.py " + str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_exercise_has_one_folded_solution(path):
    nb = nbformat.read(path, as_version=4)
    posed = [int(n) for cell in nb.cells if cell.cell_type == "markdown" for n in EXERCISE.findall(cell.source)]
    solved = [n for n, cells in solutions.solutions(nb) if cells]
    assert sorted(set(posed)) == solved, f"{path.name}: exercises {sorted(set(posed))}, folded solutions {solved}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_the_tool_changes_nothing_in_the_committed_notebooks(path, tmp_path):
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    solutions.main([str(copy)])
    assert copy.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_what_a_folded_solution_shows_is_neutral(path):
    """A folded cell shows its first line: the code's is its title, the explanation's a closed
    <details> summary; a saved solution output is the folded HTML, its text only in text/plain."""
    nb = nbformat.read(path, as_version=4)
    for n, cells in solutions.solutions(nb):
        for i in cells:
            cell = nb.cells[i]
            first = cell.source.splitlines()[0]
            assert first.startswith(("# @title Solution to exercise", "<details><summary>Explanation")), first
            for output in cell.get("outputs", []):
                assert output.get("output_type") in ("display_data", "error"), \
                    f"{path.name} exercise {n}: a {output.get('output_type')} output outside the fold"
                if output.get("output_type") == "display_data":
                    assert output["metadata"].get(FOLDED_KEY) and output["data"]["text/html"].startswith(
                        f"<details><summary>{SUMMARY}</summary>"), f"{path.name} exercise {n}: output not folded"


def test_the_tool_marks_a_solution():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    fold = {"jupyter": {"source_hidden": True}}
    printing = code("x = 1\nif x:\n    print(x)", metadata=fold)
    printing.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    nb = nbformat.v4.new_notebook(cells=[md("#### Solution to exercise 3", metadata=fold), printing,
                                         code("def f():\n    return 2", metadata=fold), md("Because.", metadata=fold),
                                         md("## Next")])
    assert len(solutions.problems(nb)) >= 5   # title, fold, form, tag, folded output, details
    for _ in range(2):  # idempotent
        for n, cells in solutions.solutions(nb):
            part = 0
            for i in cells:
                if nb.cells[i].cell_type == "code":
                    part += 1
                    solutions.mark_code(nb.cells[i], n, part)
                else:
                    solutions.mark_markdown(nb.cells[i], n)
    assert solutions.problems(nb) == []
    assert nb.cells[1].source == ("# @title Solution to exercise 3 (double-click to show)\n"
                                  "with folded_output():\n    x = 1\n    if x:\n        print(x)")
    assert nb.cells[2].source == "# @title Solution to exercise 3, part 2 (double-click to show)\ndef f():\n    return 2"
    assert nb.cells[3].source.startswith("<details><summary>Explanation of the solution to exercise 3")
    assert nb.cells[3].source.endswith("\n\nBecause.\n\n</details>")
    assert nb.cells[1].metadata["cellView"] == "form" and "hide-cell" in nb.cells[1].metadata["tags"]


def test_the_tool_refuses_to_indent_a_multi_line_string():
    cell = nbformat.v4.new_code_cell('text = """a\nb"""\nprint(text)')
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="a\nb\n")]
    with pytest.raises(ValueError, match="multi-line string"):
        solutions.mark_code(cell, 1, 1)


def test_render_keeps_the_order_and_escapes_the_text():
    bundle = render([("text", "a < b\n"), ("display", {"image/png": "iVBOR", "text/plain": "<Figure>"}),
                     ("text", "after\n")])
    assert bundle["text/plain"] == "a < b\n<Figure>\nafter"
    assert bundle["text/html"] == (f"<details><summary>{SUMMARY}</summary><pre>a &lt; b\n</pre>"
                                   f'<img src="data:image/png;base64,iVBOR" alt="{FIGURE_ALT}"><pre>after\n</pre></details>')
    assert "<details open" not in bundle["text/html"]


def _run(*sources):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    return nb


def test_folded_output_in_a_kernel():
    """In a real kernel: printed text and a figure come out as one folded output, in order; a
    figure outside the block and text after it are shown as usual; an error inside the block still
    shows what came before it, then the error."""
    nb = _run("import matplotlib\nmatplotlib.use('module://matplotlib_inline.backend_inline')\n"
              "import matplotlib.pyplot as plt\nfrom helpers import folded_output",
              "with folded_output():\n    print('first')\n    plt.plot([1, 2]); plt.show()\n    print('last')\n"
              "print('outside')",
              "with folded_output():\n    print('before the error')\n    1 / 0")
    folded, outside = nb.cells[1].outputs
    assert folded.output_type == "display_data" and folded.metadata[FOLDED_KEY]
    assert re.fullmatch(r"first\n<Figure size \d+x\d+ with 1 Axes>\nlast", folded.data["text/plain"])
    html = folded.data["text/html"]
    assert html.index("first") < html.index("<img") < html.index("last")
    assert outside.text == "outside\n"
    shown, error = nb.cells[2].outputs
    assert "before the error" in shown.data["text/plain"] and error.ename == "ZeroDivisionError"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_exercise_is_a_heading(path):
    """Every exercise is posed under a heading "Exercise N", so that a table of contents (the
    website's, JupyterLab's) lists "Exercise N" before "Solution to exercise N"."""
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    headed = {int(n) for n in re.findall(r"^#{2,4} Exercise (\d+)\b", text, re.MULTILINE)}
    solved = {n for n, _ in solutions.solutions(nb)}
    assert solved <= headed, f"{path.name}: exercises {sorted(solved - headed)} have no heading"
