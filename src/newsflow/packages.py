"""Argos Translate packages: find, read, install and remove them (model management).

An Argos package (``.argosmodel``) is a zip holding one folder with ``metadata.json``
(``from_code``, ``to_code``), ``model/`` (a CTranslate2 model) and ``sentencepiece.model``.
Packages are found in newsflow's own models folder, in ``settings.models_dirs`` and in
argostranslate's packages folder, so models installed with ``argospm`` are used too; the
newest version of a pair wins.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .config import Settings


class TranslateError(Exception):
    """A model that cannot be installed or used; the message says why."""


@dataclass(frozen=True)
class Package:
    from_code: str
    to_code: str
    path: Path
    name: str = ""
    version: str = ""

    @property
    def id(self) -> str:
        return f"{self.name or self.path.name}@{self.version or '0'}"


def models_dir() -> Path:
    """newsflow's own folder for installed packages."""
    return _data_dir("NEWSFLOW_MODELS_DIR", "newsflow", "models")


def argos_dir() -> Path:
    """argostranslate's packages folder (where ``argospm install`` puts models)."""
    return _data_dir("ARGOS_PACKAGES_DIR", "argos-translate", "packages")


def _data_dir(variable: str, *parts: str) -> Path:
    """The folder an environment variable names, else ``parts`` under the XDG data folder."""
    env = os.environ.get(variable)
    if env:
        return Path(env)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data, *parts)


def package_dirs(settings: Settings) -> list[Path]:
    dirs = [Path(d).expanduser() for d in settings.models_dirs] + [models_dir(), argos_dir()]
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


def read_package(folder: Path) -> Package | None:
    """The package in an installed folder, or None when the folder is not one."""
    meta_file = folder / "metadata.json"
    if not (meta_file.is_file() and (folder / "model").is_dir() and (folder / "sentencepiece.model").is_file()):
        return None
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        return Package(
            from_code=str(meta["from_code"]),
            to_code=str(meta["to_code"]),
            path=folder,
            name=str(meta.get("package_name") or meta.get("name") or folder.name),
            version=str(meta.get("package_version") or meta.get("version") or ""),
        )
    except (ValueError, KeyError, OSError):
        return None


def find_packages(dirs: Iterable[Path]) -> list[Package]:
    """Installed packages in these folders; stray folders are skipped, not fatal."""
    found: list[Package] = []
    for d in dirs:
        if not d.is_dir():
            continue
        for sub in sorted(d.iterdir()):
            pkg = read_package(sub) if sub.is_dir() else None
            if pkg is not None:
                found.append(pkg)
    return found


def install_package(archive: Path, dest: Path | None = None) -> Package:
    """Unpack an .argosmodel into newsflow's models folder, checking its shape first."""
    dest = dest or models_dir()
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as e:
        raise TranslateError(f"{archive}: not an Argos package (.argosmodel zip): {e}") from None
    with zf:
        names = [n for n in zf.namelist() if n.strip("/")]
        tops = {n.split("/", 1)[0] for n in names}
        if len(tops) != 1 or any(".." in n.split("/") or n.startswith("/") for n in names):
            raise TranslateError(f"{archive}: an Argos package holds exactly one top-level folder")
        top = tops.pop()
        dest.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=dest) as tmp:
            zf.extractall(tmp)
            pkg = read_package(Path(tmp) / top)
            if pkg is None:
                raise TranslateError(f"{archive}: missing metadata.json, model/ or sentencepiece.model")
            target = dest / f"{pkg.from_code}_{pkg.to_code}-{re.sub(r'[^A-Za-z0-9._-]', '_', pkg.version or '0')}"
            if target.exists():
                shutil.rmtree(target)
            shutil.move(str(Path(tmp) / top), target)
    installed = read_package(target)
    assert installed is not None
    return installed


def install_from_index(src: str, tgt: str, settings: Settings, index_url: str) -> Package:
    """Download a package for src -> tgt from an Argos package index and install it.

    The only code in newsflow that asks the internet for a model, and only when told to.
    """
    from .fetch import FetchError, fetch, make_client

    offline = "install from a file instead: newsflow models install FILE.argosmodel"
    big = replace(settings, max_bytes=max(settings.max_bytes, 1_000_000_000), timeout=max(settings.timeout, 600))
    with make_client(settings) as client:
        try:
            r = fetch(client, index_url, settings, accept="application/json")
            if r.status != 200:
                raise FetchError(index_url, f"HTTP {r.status}", r.status)
            index = json.loads(r.content)
        except (FetchError, ValueError) as e:
            raise TranslateError(f"cannot reach the Argos package index ({e}); {offline}") from None
        candidates = [
            p
            for p in index
            if isinstance(p, dict)
            and p.get("from_code") == src
            and p.get("to_code") == tgt
            and p.get("type", "translate") == "translate"
            and p.get("links")
        ]
        if not candidates:
            raise TranslateError(f"no package for {src} → {tgt} in the index {index_url}")
        best = max(candidates, key=lambda p: version_key(str(p.get("package_version", ""))))
        errors = []
        for link in best["links"]:
            try:
                r = fetch(client, link, big, accept="application/zip, */*")
                if r.status != 200:
                    raise FetchError(link, f"HTTP {r.status}", r.status)
            except FetchError as e:
                errors.append(str(e))
                continue
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "download.argosmodel"
                path.write_bytes(r.content)
                return install_package(path)
        raise TranslateError(
            f"cannot download {best.get('package_name', src + '-' + tgt)}: {'; '.join(errors)}; {offline}"
        )


def remove_package(pkg: Package) -> None:
    """Delete an installed package folder (only from newsflow's own or a configured folder)."""
    shutil.rmtree(pkg.path)


# ---------------------------------------------------------------- sentences


def version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v)) or (0,)
