"""The generating detector on a small termbase: derivations, context, safety."""

from __future__ import annotations

from pathlib import Path

import pytest

from repair.termbase.cache import load_compiled
from repair.termbase.compiled import CompiledTermbase
from repair.termbase.derive import split_compound
from repair.termbase.detect import Detection, detect
from repair.termbase.lexicon import load_lexicon
from repair.termbase.transliteration import detect_transliterations

MINI = Path(__file__).parent / "data" / "termbase" / "mini.yaml"
TECH = "我们在 GPU 上用 PyTorch 训练模型，调学习率，看梯度下降，"


@pytest.fixture(scope="module")
def ct() -> CompiledTermbase:
    return load_compiled([MINI], use_cache=False)


def run(ct: CompiledTermbase, text: str) -> list[Detection]:
    def nothing(a: int, b: int) -> bool:
        return False

    return [*detect(text, ct, nothing), *detect_transliterations(text, ct, nothing)]


def test_derives_compounds_sound_alikes_and_senses(ct: CompiledTermbase) -> None:
    by_text = {t: ct.candidates_for(t) for t in ("一热编码", "神经坚果", "时代", "派火炬")}
    assert by_text["一热编码"][0].mechanism == "compound"
    assert "one-hot encoding" in by_text["一热编码"][0].derivation
    nuts = by_text["神经坚果"][0]
    assert nuts.mechanism == "sound" and "heard for 'nets'" in nuts.derivation
    assert by_text["时代"][0].entry_id == "test-ml/epoch"
    assert by_text["派火炬"][0].mechanism == "literal"


def test_compound_words_split_by_case_and_dictionary() -> None:
    lex = load_lexicon()
    assert split_compound("ResNet", lex) == ["Res", "Net"]
    assert split_compound("overfitting", lex) == ["over", "fitting"]
    assert split_compound("database", lex) is None


def test_only_a_listed_non_word_is_safe(ct: CompiledTermbase) -> None:
    found = run(ct, TECH + "再把类别做成一热编码，这个数据集的地面真相很干净。")
    by = {d.text: d for d in found}
    # listed as a literal and in no dictionary: SAFE
    assert by["地面真相"].replacement == "真实标签" and by["地面真相"].safe
    # derived word by word: a good guess, reported, but UNSAFE
    assert by["一热编码"].replacement == "独热编码" and not by["一热编码"].safe
    assert "one-hot encoding" in by["一热编码"].derivation


def test_nothing_is_flagged_without_technical_context(ct: CompiledTermbase) -> None:
    assert run(ct, "再把类别做成一热编码。" + "今天天气很好，我们去公园散步，看见很多人。" * 12) == []


def test_everyday_word_needs_its_cues_and_is_never_safe(ct: CompiledTermbase) -> None:
    found = run(ct, TECH + "我们把这个数据集训练了十个时代，损失还在降。")
    assert [(d.text, d.replacement, d.safe) for d in found] == [("时代", "轮", False)]
    era = run(ct, TECH + "在这个时代，每个人都在谈论它。")
    assert era == []


def test_everyday_collocation_blocks_even_in_technical_text(ct: CompiledTermbase) -> None:
    grid = "电网里的变压器过载了，供电中断。" + TECH
    assert run(ct, grid) == []
    ml = TECH + "变压器的注意力层是这个模型架构的核心。"
    assert [d.text for d in run(ct, ml)] == ["变压器"]


def test_one_sense_per_document(ct: CompiledTermbase) -> None:
    text = TECH + "变压器的注意力层是核心。" + "。" * 80 + "后来大家都说变压器很好。"
    found = [d for d in run(ct, text) if d.text == "变压器"]
    assert len(found) == 2
    assert "one sense per document" in found[1].evidence


def test_non_technical_document_gets_nothing(ct: CompiledTermbase) -> None:
    cooking = (
        "今天我们做苹果派。先把黄油和面粉揉成团，再放进冰箱冷藏半小时。"
        "这个时代大家都忙，但周末做一次甜点很值得。烤箱预热到一百八十度。"
    ) * 3
    assert run(ct, cooking) == []


def test_transliterated_name(ct: CompiledTermbase) -> None:
    found = run(ct, TECH + "缓存我们放在雷迪斯里，命中率很高。")
    assert [(d.code, d.text, d.replacement) for d in found] == [("TB003", "雷迪斯", "Redis")]
