"""Answers files for the audit cases: base.yaml plus each case's overrides, with my expected verdict written
down before running the tool (the '# Expect' header)."""

from pathlib import Path

import yaml

BASE = yaml.safe_load(Path("base.yaml").read_text())
CASES = {
    "01-ten-cases": (
        {},
        "Improve prompting / no clear winner: 6 of 10 pass; 10 cases cannot tell a fine-tune from a better prompt (OpenAI: evals first, 50-100+ cases). A fine-tune here would be a guess; if the tool says fine-tune it must not be a clear winner.",
    ),
    "02-25-cases-high": (
        {},
        "Improve prompting, modest confidence: 24 of 25 pass (4% gap) but +-8%: keep prompting, grow the eval.",
    ),
    "03-35-cases": (
        {},
        "Fine-tune at moderate confidence (behaviour gap 14%, 12,000 labels, $0.50 a wrong answer) or prompting if the dedicated GPU bill outweighs; 35 cases is thin for a clear winner.",
    ),
    "04-errors-dominate": (
        {},
        "Re-run the eval: 110 of 240 errored (provider/grader errors, not behaviour). Of graded cases 120/130 pass (7.7% gap). Should not be a confident fine-tune from a 50% 'gap'; at least a warning that errors dominate.",
    ),
    "05-zero-cases": ({}, "A clear error: zero cases."),
    "06-several-prompts": (
        {},
        "Improve prompting: the best prompt (v2, 96%) is the baseline; the advice should say to ship v2 (production is v3 at 79%).",
    ),
    "07-cheaper-matches": (
        {"tuned_model": None},
        "Prompt llama-3.1-8b-instruct instead of gpt-4o (keeps up, much cheaper), no training.",
    ),
    "08-cheaper-within": (
        {"tuned_model": None},
        "Switch to llama-3.1-8b-instruct (1.7 points worse, within the 2-point tolerance), with a check.",
    ),
    "09-cheaper-outside": (
        {"tuned_model": None},
        "No switch (6.7 points worse). 10% behaviour gap on gpt-4o: fine-tune, moderate confidence; llama-8b as fine-tune target must face its worse base score.",
    ),
    "10-larger-better": (
        {"base_model": "gpt-4o-mini", "tuned_model": None},
        "gpt-4o must NOT become the 'smaller model'. 16.7% gap on gpt-4o-mini: fine-tune (default llama-8b) or, better, say that gpt-4o closes most of the gap for $X a month.",
    ),
    "11-no-eval-contradiction": (
        {"has_eval_set": False},
        "A clear error (contradiction: the answers say no eval set, the evidence is a 240-case eval), not 'build an eval set first'.",
    ),
    "12-gap-contradiction": (
        {"quality_gap": 0.02},
        "The file's 2% wins, but the advice must warn loudly that the eval measured 20%, and not raise confidence from the eval's 240 cases.",
    ),
    "13-retired-beside": (
        {"tuned_model": None},
        "gpt-3.5-turbo (retired 2026-10-23) must not become the tuned/switch model; advice proceeds on gpt-4o's 10% gap.",
    ),
    "13b-retired-baseline": (
        {"base_model": None, "tuned_model": None},
        "A clear error naming the evidence: gpt-3.5-turbo retired, cannot be the base model.",
    ),
    "14-untrainable-cheaper": (
        {"tuned_model": None},
        "gpt-4.1-mini keeps up and is cheaper: the best advice is 'prompt gpt-4.1-mini'; at least not a fine-tune of an unmeasured model presented as measured.",
    ),
    "15-low-volume": (
        {"monthly_requests": 2000},
        "Improve prompting: at 2,000 requests a month no fine-tune pays (seed: ROI at scale); a dedicated LoRA GPU costs more than all the errors.",
    ),
    "16-high-volume": (
        {"monthly_requests": 50000000, "tuned_model": None},
        "Prompt llama-3.1-8b-instruct (2 points worse, within tolerance): saves a fortune; fine-tune only for cost against that.",
    ),
    "17-rag-knowledge": (
        {
            "knowledge_gap": "static",
            "knowledge_base_tokens": 3000000,
            "output_format": "free_text",
            "structured_output": "not_tried",
            "domain_vocabulary": "general",
            "labeled_examples": 2000,
            "few_shot_tokens": 0,
        },
        "Add RAG: failures are missing facts; the 33% gap must not push toward fine-tuning.",
    ),
    "18-rag-vocab": (
        {
            "knowledge_gap": "static",
            "knowledge_base_tokens": 3000000,
            "output_format": "free_text",
            "structured_output": "not_tried",
            "domain_vocabulary": "specialized",
            "labeled_examples": 5000,
            "few_shot_tokens": 0,
        },
        "RAG first, then measure: the 33% gap was measured before retrieval, so it cannot be blamed on behaviour yet; hybrid at most at low confidence.",
    ),
}

for name, (overrides, expect) in CASES.items():
    answers = {**BASE, **overrides, "project": f"Audit {name}"}
    answers = {k: v for k, v in answers.items() if v is not None}
    header = "\n".join("# " + line for line in ("Expect (written before running): " + expect).split(". "))
    Path(f"{name}.yaml").write_text(header + "\n" + yaml.safe_dump(answers, sort_keys=False))
