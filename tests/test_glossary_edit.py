"""Adding a reviewed correction to the glossary: append a YAML block, validate, refuse dupes."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
import yaml
from review_support import GLOSSARY, findings_of, write_case

from repair.core.errors import GlossaryError
from repair.core.models import Finding, Origin, Severity, Span
from repair.glossary.editing import (
    DuplicateEntry,
    Provenance,
    append_entry,
    entry_fields,
    suggest_id,
)
from repair.glossary.schema import default_glossary_path, parse_glossary
from repair.review.saving import GlossaryAdder, glossary_target

PROV = Provenance("talk.txt", 4, "2026-01-02")
COMMENT = "# added by mt-repair review from talk.txt:4 on 2026-01-02"


def fields(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {"entry_id": "gpu", "kind": "term", "wrong": ["鸡皮优"],
                               "right": ["GPU"]}
    base.update(kw)
    return entry_fields(**base)  # type: ignore[arg-type]


def test_appends_a_block_at_the_end_with_provenance() -> None:
    new = append_entry(GLOSSARY, fields(category="asr", require_any=["训练", "显存"]), PROV)
    assert new.startswith(GLOSSARY)  # nothing above is touched
    added = new[len(GLOSSARY):]
    assert added.splitlines()[0] == f"  {COMMENT}"
    assert added.splitlines()[1] == "  - id: gpu"
    g = parse_glossary(new)
    e = g.entry("gpu")
    assert e.wrong == ("鸡皮优",) and e.right == ("GPU",) and e.category is not None
    assert e.context is not None and e.context.require_any == ("训练", "显存")


def test_shipped_glossary_layout() -> None:
    text = default_glossary_path().read_text(encoding="utf-8")
    new = append_entry(text, fields(), PROV)
    assert new.startswith(text) and parse_glossary(new).entry("gpu").preferred == "GPU"


def test_entries_not_last_key_and_zero_indent() -> None:
    text = ("version: 1\nentries:\n- id: a\n  kind: term\n  wrong: [x]\n  right: y\n"
            "speakers:\n  labels: []\n")
    new = append_entry(text, fields(), PROV)
    assert new.endswith("speakers:\n  labels: []\n")
    assert f"\n{COMMENT}\n- id: gpu\n" in new
    assert [e.id for e in parse_glossary(new).entries] == ["a", "gpu"]


def test_empty_flow_list_and_new_file() -> None:
    new = append_entry("version: 1\nentries: []\nname: t\n", fields(), PROV)
    assert parse_glossary(new).entry("gpu") and "name: t" in new
    assert parse_glossary(append_entry("", fields(), PROV)).entries[0].id == "gpu"


def test_quoting_survives_yaml_specials() -> None:
    f = fields(right=["Attention: Is All # You Need"], note="a: b # c")
    g = parse_glossary(append_entry(GLOSSARY, f, PROV))
    assert g.entry("gpu").right == ("Attention: Is All # You Need",)
    assert g.entry("gpu").note == "a: b # c"


@pytest.mark.parametrize(("kw", "match"), [
    ({"wrong": ["神经坚果"]}, "already a wrong rendering in entry 'neural-net'"),
    ({"entry_id": "mnist"}, "id 'mnist' already exists"),
    ({"wrong": ["Transformer"]}, "listed as correct in entry 'transformer'"),
    ({"wrong": ["凌志"]}, "speaker-label garble of 'Lex'"),
])
def test_duplicates_are_refused(kw: dict[str, object], match: str) -> None:
    with pytest.raises(DuplicateEntry, match=match):
        append_entry(GLOSSARY, fields(**kw), PROV)


def test_invalid_entry_is_refused_by_validation() -> None:
    with pytest.raises(GlossaryError, match="id must be lower-case"):
        append_entry(GLOSSARY, fields(entry_id="Bad Id"), PROV)
    with pytest.raises(ValueError):
        fields(kind="nonsense")
    with pytest.raises(GlossaryError, match="flow style"):
        append_entry("version: 1\nentries: [{id: a, kind: term, wrong: x, right: y}]\n",
                     fields(), PROV)


def test_suggest_id() -> None:
    assert suggest_id("Attention Is All You Need", "x") == "attention-is-all-you-need"
    assert suggest_id("GPU", "x", ["gpu", "gpu-2"]) == "gpu-3"
    assert suggest_id("神经网络", "神经坚果").startswith("term-")


def test_the_next_run_catches_the_new_entry(tmp_path: Path) -> None:
    doc, glossary, _ = write_case(tmp_path, text="Lex 00:00:01\n我们用鸡皮优训练模型。\n")
    assert findings_of(doc, glossary)[1] == []
    glossary.write_text(append_entry(GLOSSARY, fields(), PROV), encoding="utf-8")
    (f,) = findings_of(doc, glossary)[1]
    assert (f.text, f.replacement) == ("鸡皮优", "GPU")


def _finding(line: int = 4) -> Finding:
    return Finding(code="LM001", name="garbled-passage", message="m", severity=Severity.WARNING,
                   span=Span(start=0, end=3), origin=Origin.LLM, text="鸡皮优", line=line)


def test_adder_writes_atomically_keeping_the_bom(tmp_path: Path) -> None:
    target = tmp_path / "g.yaml"
    target.write_bytes(codecs.BOM_UTF8 + GLOSSARY.encode())
    add = GlossaryAdder(target, "talk.txt", today=lambda: "2026-01-02")
    msg = add(fields(), _finding())
    assert "gpu" in msg
    data = target.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + GLOSSARY.encode())
    assert COMMENT in data.decode("utf-8-sig")
    with pytest.raises(DuplicateEntry):
        add(fields(), _finding())
    assert target.read_bytes() == data  # a refused entry writes nothing


def test_adder_creates_a_new_file_from_the_glossary_in_use(tmp_path: Path) -> None:
    seed = tmp_path / "in-use.yaml"
    seed.write_text(GLOSSARY, encoding="utf-8")
    target = tmp_path / "glossary.yaml"
    msg = GlossaryAdder(target, "talk.txt", seed_from=seed)(fields(), _finding())
    assert "new file" in msg
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["entries"][-1]["id"] == "gpu"


def test_adder_refuses_the_installed_package_data(tmp_path: Path) -> None:
    import repair

    data = Path(repair.__file__).resolve().parent / "data" / "glossary.yaml"
    with pytest.raises(GlossaryError, match="installed with mt-repair"):
        GlossaryAdder(data, "talk.txt")(fields(), _finding())


def test_glossary_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert glossary_target(None, None) == tmp_path / "glossary.yaml"
    assert glossary_target(None, "/x/g.yaml") == Path("/x/g.yaml")
    assert glossary_target(Path("o.yaml"), "/x/g.yaml") == Path("o.yaml")
