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
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline

from mailtriage.extract.fields_data import PhraseSet, strings
from mailtriage.extract.schemas import Intent
from mailtriage.tenant import TenantConfig
from mailtriage.understand.domains import registrable_domain
from mailtriage.understand.mime import normalize
from mailtriage.understand.schemas import NormalizedEmail
from mailtriage.understand.signals import sender_signals

_MAX_CHARS = 2500
MODEL_VERSION = "intent-tfidf-lr-5"


def intent_document(email: NormalizedEmail, tenant: TenantConfig) -> str:
    """The text the classifier reads: subject, the new text (or the forwarded / submitted text
    a colleague or the form passed on), and tokens for what the headers say about the sender."""
    signals = sender_signals(email, tenant)
    body = email.new_text
    if email.forwarded and len(body) < 400:
        body = f"{body}\n{email.forwarded.subject or ''}\n{email.forwarded.text}"
    elif signals.colleague_forward and len(body) < 400:
        # Outlook forwards below an "-----Original Message-----" line, which reads as quoted history.
        body = f"{body}\n{email.parts.quoted}"
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
    text = f"{email.subject}\n{body[:_MAX_CHARS]}"
    return f"{tokens}\n{cue_tokens(text)}\n{text}"


@cache
def _cues() -> PhraseSet:
    return PhraseSet.grouped({intent.value: strings("intent_cues", intent.value) for intent in Intent})


def cue_tokens(text: str) -> str:
    """One token per intent cue the text holds ("zzcuesupport" for "Rechnung", "ใบกำกับภาษี" or
    "invoice" alike): what the classifier learns of a cue in one language holds in every other."""
    return " ".join(f"zzcue{label}" for label, _ in _cues().labelled(text))


def _looks_like_cv(filename: str | None) -> bool:
    name = (filename or "").lower()
    return any(k in name for k in ("cv", "resume", "résumé", "lebenslauf", "curriculum", "履歴書"))


_WORD = re.compile(r"\w+")
# Scripts whose words are not split by spaces (or, in Korean, carry particles): character pairs.
_CJK = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_PREFIX = 4


def analyze(document: str) -> list[str]:
    """Features of a document: words, word pairs, and a short prefix of longer words (a cheap
    stemmer that works across languages: "angebot"/"angebote", "pricing"/"prices"). Scripts
    written without spaces (Japanese, Chinese, Korean) give character pairs instead of words."""
    out: list[str] = []
    previous: str | None = None
    for token in _WORD.findall(document.lower()[:_MAX_CHARS]):
        if not token.isascii() and _CJK.search(token):
            out.extend(token[i : i + 2] for i in range(max(1, len(token) - 1)))
            previous = None
            continue
        out.append(token)
        if len(token) > _PREFIX + 1 and not token.isdigit():
            out.append("p:" + token[:_PREFIX])
        if previous is not None:
            out.append(f"{previous} {token}")
        previous = token
    return out


def _pipeline() -> Pipeline:
    # A feature seen in one training email only (three in four of them, mostly word pairs) is that
    # email's, not the intent's: dropping them keeps the cross-validated accuracy (0.985) and makes
    # the vocabulary a quarter the size, so training and every lookup are faster.
    vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, min_df=2)
    classifier = LogisticRegression(C=8.0, max_iter=3000, class_weight="balanced")
    return Pipeline([("features", vectorizer), ("classifier", classifier)])


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
    """Inference without sklearn's per-call overhead (which costs more than the arithmetic for
    one short document): the same TF-IDF and linear scores, from the fitted arrays."""

    def __init__(self, fitted: Fitted, key: str) -> None:
        vectorizer: TfidfVectorizer = fitted.pipeline.named_steps["features"]
        classifier: LogisticRegression = fitted.pipeline.named_steps["classifier"]
        self._vocabulary: dict[str, int] = vectorizer.vocabulary_
        self._idf: np.ndarray = vectorizer.idf_
        self._coef: np.ndarray = classifier.coef_
        self._intercept: np.ndarray = classifier.intercept_
        self._temperature = fitted.temperature
        self.key = key
        self._classes = [Intent(c) for c in classifier.classes_]

    def logits(self, document: str) -> np.ndarray:
        counts = Counter(map(self._vocabulary.get, analyze(document)))
        counts.pop(None, None)  # features the training data never had
        if not counts:
            return self._intercept.copy()
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        weights = tf * self._idf[columns]
        weights /= np.linalg.norm(weights)
        result: np.ndarray = self._coef[:, columns] @ weights + self._intercept
        return result

    def predict(self, document: str) -> IntentPrediction:
        probabilities = _softmax(self.logits(document) / self._temperature)
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
    cues = resources.files("mailtriage.extract").joinpath("field_data", "intent_cues.yaml")
    digest.update(cues.read_bytes())
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
