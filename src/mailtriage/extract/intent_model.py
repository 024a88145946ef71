"""The offline intent classifier: TF-IDF over words and character n-grams (so it reads German,
Japanese and typos alike) plus sender-signal tokens, into a logistic regression.

Trained from the labelled emails in the repository (never the eval splits), deterministically, on
first use; the fitted model is cached on disk under a key made of the training data, this file and
the library version, so every process of a deployment loads the same model and nothing is ever
downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline

from mailtriage.extract.schemas import Intent
from mailtriage.tenant import TenantConfig
from mailtriage.understand.domains import registrable_domain
from mailtriage.understand.mime import normalize
from mailtriage.understand.schemas import NormalizedEmail
from mailtriage.understand.signals import sender_signals

_MAX_CHARS = 2500
MODEL_VERSION = "intent-tfidf-lr-2"


def intent_document(email: NormalizedEmail, tenant: TenantConfig) -> str:
    """The text the classifier reads: subject, the new text (or the forwarded / submitted text
    a colleague or the form passed on), and tokens for what the headers say about the sender."""
    signals = sender_signals(email, tenant)
    body = email.new_text
    if email.forwarded and len(body) < 400:
        body = f"{body}\n{email.forwarded.subject or ''}\n{email.forwarded.text}"
    if signals.contact_form and email.form_fields.get("message"):
        body = email.form_fields["message"]
    sender = email.sender.email if email.sender else ""
    local = sender.partition("@")[0]
    domain = registrable_domain(sender) if sender else None
    flags = [
        ("bulk", signals.bulk),
        ("unsubscribe", signals.list_unsubscribe or "unsubscribe" in email.parts.footer.lower()),
        ("autoreply", signals.auto_reply),
        ("bounce", signals.bounce),
        ("blocklisted", signals.blocklisted),
        ("dkimfail", signals.dkim_failed),
        ("customer", signals.customer),
        ("form", signals.contact_form),
        ("freemail", domain in tenant.free_mail_domains if domain else False),
        (
            "roleaddress",
            local in {"noreply", "no-reply", "news", "newsletter", "info", "hello", "marketing", "updates"},
        ),
        ("reply", bool(email.parts.quoted) or email.subject.lower().startswith(("re:", "aw:", "sv:", "r:"))),
        ("forward", email.forwarded is not None),
        ("htmlonly", bool(email.body_html) and not email.parts.reply_text.strip()),
        ("pdf", any(a.content_type == "application/pdf" for a in email.attachments)),
        ("cvfile", any(_looks_like_cv(a.filename) for a in email.attachments)),
        ("short", len(body.split()) < 12),
    ]
    tokens = " ".join(f"zzflag{name}" for name, on in flags if on)
    return f"{tokens}\n{email.subject}\n{body[:_MAX_CHARS]}"


def _looks_like_cv(filename: str | None) -> bool:
    name = (filename or "").lower()
    return any(k in name for k in ("cv", "resume", "résumé", "lebenslauf", "curriculum", "履歴書"))


def _pipeline() -> Pipeline:
    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    ngram_range=(1, 2),
                    min_df=1,
                    sublinear_tf=True,
                    lowercase=True,
                    token_pattern=r"(?u)\b\w+\b",
                    max_features=60000,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=2,
                    sublinear_tf=True,
                    lowercase=True,
                    max_features=120000,
                ),
            ),
        ]
    )
    classifier = LogisticRegression(C=8.0, max_iter=3000, class_weight="balanced")
    return Pipeline([("features", features), ("classifier", classifier)])


@dataclass(frozen=True)
class IntentPrediction:
    intent: Intent
    probability: float
    margin: float  # best minus second-best probability
    probabilities: dict[Intent, float]


@dataclass(frozen=True)
class Fitted:
    pipeline: Pipeline
    # Softmax temperature fitted on held-out folds of the training data, so that a reported
    # probability of 0.9 is right about nine times in ten (plain logistic regression on few,
    # class-balanced examples is far too modest).
    temperature: float


class IntentModel:
    def __init__(self, fitted: Fitted, key: str) -> None:
        self._pipeline = fitted.pipeline
        self._temperature = fitted.temperature
        self.key = key
        self._classes = [Intent(c) for c in fitted.pipeline.classes_]

    def predict(self, document: str) -> IntentPrediction:
        logits = self._pipeline.decision_function([document])[0] / self._temperature
        probabilities = _softmax(logits)
        ranked = sorted(zip(self._classes, probabilities, strict=True), key=lambda kv: kv[1], reverse=True)
        best, p1 = ranked[0]
        p2 = ranked[1][1] if len(ranked) > 1 else 0.0
        return IntentPrediction(best, float(p1), float(p1 - p2), {c: float(p) for c, p in ranked})


def training_files() -> list[Path]:
    folder = Path(str(resources.files("mailtriage.extract").joinpath("training")))
    return sorted(folder.glob("*.jsonl"))


def read_training(files: Sequence[Path]) -> Iterable[tuple[bytes, str]]:
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row: dict[str, Any] = json.loads(line)
                yield str(row["raw"]).encode("utf-8", errors="surrogateescape"), row["labels"]["intent"]


def _cache_key(files: Sequence[Path], tenant: TenantConfig) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update(sklearn.__version__.encode())
    digest.update(tenant.content_sha256.encode())
    return digest.hexdigest()[:16]


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    result: np.ndarray = shifted / shifted.sum(axis=-1, keepdims=True)
    return result


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood of held-out predictions."""
    best, best_nll = 1.0, float("inf")
    for temperature in np.arange(0.05, 3.01, 0.05):
        probabilities = _softmax(logits / temperature)
        nll = -float(np.mean(np.log(probabilities[np.arange(len(labels)), labels] + 1e-12)))
        if nll < best_nll:
            best, best_nll = float(temperature), nll
    return best


def train(files: Sequence[Path], tenant: TenantConfig) -> Fitted:
    documents, labels = [], []
    for raw, intent in read_training(files):
        documents.append(intent_document(normalize(raw), tenant))
        labels.append(intent)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    held_out = cross_val_predict(_pipeline(), documents, labels, cv=folds, method="decision_function")
    classes = sorted(set(labels))
    temperature = fit_temperature(np.asarray(held_out), np.array([classes.index(label) for label in labels]))
    pipeline = _pipeline()
    pipeline.fit(documents, labels)
    return Fitted(pipeline, temperature)


_LOADED: dict[tuple[str, Path], IntentModel] = {}


def load_intent_model(
    tenant: TenantConfig, cache_dir: Path, files: Sequence[Path] | None = None
) -> IntentModel:
    """The model for this training data and tenant: from memory, else the disk cache, else
    trained now (a few seconds, once per deployment)."""
    files = list(files or training_files())
    if not files:
        raise RuntimeError("no training data found for the offline intent model")
    key = _cache_key(files, tenant)
    loaded = _LOADED.get((key, cache_dir))
    if loaded is None:
        loaded = _LOADED[(key, cache_dir)] = _load_or_train(tenant, cache_dir, files, key)
    return loaded


def _load_or_train(tenant: TenantConfig, cache_dir: Path, files: list[Path], key: str) -> IntentModel:
    path = cache_dir / f"intent-{key}.pkl"
    if path.exists():
        with path.open("rb") as handle:
            # Our own cache file, written below by this code; never a file from elsewhere.
            return IntentModel(pickle.load(handle), key)
    fitted = train(files, tenant)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name and renamed, so a process that reads while another writes
    # never sees half a file.
    with tempfile.NamedTemporaryFile(dir=cache_dir, delete=False, suffix=".tmp") as tmp:
        pickle.dump(fitted, tmp)
    os.replace(tmp.name, path)
    return IntentModel(fitted, key)
