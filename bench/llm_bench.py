"""Benchmark the LLM check against the real local models (llama.cpp on this machine's CPU).

    .venv/bin/python bench/llm_bench.py --size 0.5b --passages 6 --auc 150
    .venv/bin/python bench/llm_bench.py --size 1.5b --passages 2 --auc 60

For each model size: start the server, run the check (scope all, concurrency 1) on the first N
400-character passages of the fixture with a fresh cache, report passages/s, prompt tokens per
source character (total, locate step only, plausibility step only, and the triage estimate),
then re-run with the cache and report the requests sent (target 0).

Plausibility AUC: sentences of the gold-annotated lines (fixtures/lex_karpathy_zh.gold.tsv) that
contain a gold span (speaker-label rows excluded) against sentences that contain none, balanced
and sampled with a fixed seed; AUC of (1 - plausibility) for "contains a garble". 0.5 is chance.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from local_model import fetch  # noqa: E402

from repair.checks.base import CheckContext  # noqa: E402
from repair.checks.llm import LLM_CHECK  # noqa: E402
from repair.formats import parse  # noqa: E402
from repair.glossary.schema import default_glossary_path, load_glossary  # noqa: E402
from repair.llm.cache import AnswerCache, cache_key  # noqa: E402
from repair.llm.client import OpenAIChatClient  # noqa: E402
from repair.llm.local import serve  # noqa: E402
from repair.llm.passages import passages_of  # noqa: E402
from repair.llm.prompts import PromptInput, plausibility_body, plausibility_messages  # noqa: E402
from repair.llm.schema import read_plausibility, usage_of  # noqa: E402
from repair.llm.service import LLMService  # noqa: E402

FIXTURE = ROOT / "fixtures" / "lex_karpathy_zh.txt"
GOLD = ROOT / "fixtures" / "lex_karpathy_zh.gold.tsv"
SENTENCE = re.compile(r"[^。！？；!?\n]+[。！？；!?]*")


class Recording:
    """A ChatClient wrapper that sums prompt tokens per request kind."""

    def __init__(self, inner: OpenAIChatClient) -> None:
        self.inner = inner
        self.tokens = {"plausibility": 0, "locate": 0}

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        out = self.inner.create(body)
        kind = "plausibility" if body.get("logprobs") else "locate"
        self.tokens[kind] += usage_of(out)[0]
        return out


def context() -> CheckContext:
    g = load_glossary(default_glossary_path())
    return CheckContext(glossary=g, domain=g.domain)


def bench_check(base_url: str, model: str, n_passages: int, triage: float) -> dict[str, Any]:
    text = FIXTURE.read_text(encoding="utf-8")
    cut = passages_of(parse("f.txt", text))[n_passages - 1].end
    doc = parse("excerpt.txt", text[:cut])
    chars = sum(p.chars for p in passages_of(doc))
    out: dict[str, Any] = {"passages": n_passages, "source_chars": chars}
    with tempfile.TemporaryDirectory() as cache_dir:
        rec = Recording(OpenAIChatClient(api_key="sk-no-key-required", base_url=base_url, timeout=600))
        service = LLMService(rec, model=model, cache=AnswerCache(Path(cache_dir)), concurrency=1)
        ctx = context()
        ctx.llm = service
        t0 = time.perf_counter()
        findings = LLM_CHECK.run(doc, ctx)
        elapsed = time.perf_counter() - t0
        stats = dict(service.stats)
        out.update(
            seconds=round(elapsed, 1),
            passages_per_s=round(n_passages / elapsed, 4),
            chars_per_s=round(chars / elapsed, 1),
            stats=stats,
            prompt_tokens_per_char=round(stats["prompt_tokens"] / chars, 3),
            locate_tokens_per_char=round(rec.tokens["locate"] / chars, 3),
            plausibility_tokens_per_char=round(rec.tokens["plausibility"] / chars, 3),
            triage_tokens_per_char_estimate=round(
                (rec.tokens["plausibility"] + triage * rec.tokens["locate"]) / chars, 3
            ),
            response_mode=service.response_mode,
            findings=[
                {
                    "code": f.code,
                    "text": f.text[:40],
                    "fix": f.replacement,
                    "category": f.category,
                    "confidence": f.confidence,
                }
                for f in findings
            ],
        )
        again = LLMService(rec, model=model, cache=AnswerCache(Path(cache_dir)), concurrency=1)
        ctx.llm = again
        LLM_CHECK.run(doc, ctx)
        out["cached_rerun_requests"] = again.stats["requests"]
        out["cached_rerun_cache_hits"] = again.stats["cache_hits"]
    return out


def labelled_sentences(n: int, seed: int = 0) -> list[tuple[str, bool]]:
    gold: dict[int, list[str]] = {}
    last = 0
    with GOLD.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            line = int(row["line"])
            last = max(last, line)
            if row["category"] != "speaker":
                gold.setdefault(line, []).append(row["span"])
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    doc = parse("f.txt", FIXTURE.read_text(encoding="utf-8"))
    headers = {doc.line_col(h.start)[0] for h in doc.headers}
    pos: list[str] = []
    neg: list[str] = []
    for no in range(1, min(last + 1, len(lines)) + 1):
        if no in headers:
            continue
        row_text = lines[no - 1]
        spans = [
            (m.start(), m.start() + len(s))
            for s in gold.get(no, [])
            for m in re.finditer(re.escape(s), row_text)
        ]
        for m in SENTENCE.finditer(row_text):
            sent = m.group(0).strip()
            if len(sent) < 8:
                continue
            hit = any(a < m.end() and m.start() < b for a, b in spans)
            (pos if hit else neg).append(sent)
    rng = random.Random(seed)
    k = min(n // 2, len(pos))
    garbled = [(s, True) for s in rng.sample(pos, k)]
    clean = [(s, False) for s in rng.sample(neg, min(n - k, len(neg)))]
    mixed = [x for pair in zip(garbled, clean, strict=False) for x in pair]  # alternate
    return mixed + garbled[len(clean) :] + clean[len(garbled) :]


def auc(scores: list[float], labels: list[bool]) -> float:
    """P(a garbled sentence scores as less plausible than a clean one), ties count half."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    wins = sum(1.0 if p < q else 0.5 if p == q else 0.0 for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


def bench_auc(base_url: str, model: str, n: int, cache_dir: Path, budget: float) -> dict[str, Any]:
    client = OpenAIChatClient(api_key="sk-no-key-required", base_url=base_url, timeout=600)
    cache = AnswerCache(cache_dir)
    data = labelled_sentences(n)
    scores: list[float] = []
    labels: list[bool] = []
    t0 = time.perf_counter()
    missing = 0
    for sent, label in data:
        if time.perf_counter() - t0 > budget:
            break  # alternating labels keep a cut-short sample balanced
        messages = plausibility_messages(PromptInput(passage=sent))
        key = cache_key(model, "plausibility", messages)
        completion = cache.get(key)
        if completion is None:
            completion = client.create(plausibility_body(model, messages))
            cache.put(key, model, completion)
        p = read_plausibility(completion)
        if p is None:
            missing += 1
            continue
        scores.append(p)
        labels.append(label)
    mean_pos = sum(s for s, y in zip(scores, labels, strict=True) if y) / max(1, sum(labels))
    mean_neg = sum(s for s, y in zip(scores, labels, strict=True) if not y) / max(
        1, len(labels) - sum(labels)
    )
    return {
        "auc_sentences": len(scores),
        "auc_positives": sum(labels),
        "plausibility_auc": round(auc(scores, labels), 3),
        "mean_plausibility_garbled": round(mean_pos, 3),
        "mean_plausibility_clean": round(mean_neg, 3),
        "auc_seconds": round(time.perf_counter() - t0, 1),
        "no_score": missing,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", action="append", choices=("0.5b", "1.5b"))
    ap.add_argument("--passages", type=int, default=6)
    ap.add_argument("--auc", type=int, default=150, help="sentences for the AUC (0: skip)")
    ap.add_argument("--auc-budget", type=float, default=600, help="seconds at most for the AUC")
    ap.add_argument("--triage-fraction", type=float, default=0.25)
    ap.add_argument("--auc-cache", type=Path, default=Path(tempfile.gettempdir()) / "mtr-auc")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    results = []
    for size in args.size or ["0.5b"]:
        path = fetch(size)
        model = path.stem
        t0 = time.perf_counter()
        server = serve(path, ready_timeout=300)
        r: dict[str, Any] = {
            "model": model,
            "startup_s": round(time.perf_counter() - t0, 1),
            "load_avg_start": os.getloadavg()[0],
            "cpus": os.cpu_count(),
        }
        try:
            if args.passages:
                r.update(bench_check(server.base_url, model, args.passages, args.triage_fraction))
            if args.auc:
                r.update(bench_auc(server.base_url, model, args.auc, args.auc_cache, args.auc_budget))
        finally:
            server.stop()
        r["load_avg_end"] = os.getloadavg()[0]
        print(json.dumps(r, ensure_ascii=False, indent=1), flush=True)
        results.append(r)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
