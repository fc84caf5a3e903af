"""Argos Translate packages: find, read, install and remove them (model management).

An Argos package (``.argosmodel``) is a zip holding one folder with ``metadata.json``
(``from_code``, ``to_code``), ``model/`` (a CTranslate2 model) and ``sentencepiece.model``.
Packages are found in newsflow's own models folder, in ``settings.models_dirs`` and in
argostranslate's packages folder, so models installed with ``argospm`` are used too; the
newest version of a pair wins.

Installing is careful with what a package says about itself: its language codes become a folder name, so they
must look like language codes and the folder must lie inside the models folder; the model is loaded once (as
``translate.py`` loads it) before it is installed, so a damaged copy is refused instead of breaking every
translation later. Every failure is a ``TranslateError`` whose message says what to do.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .config import Settings


class TranslateError(Exception):
    """A model that cannot be installed or used; the message says why."""


# Argos codes: "en", "fi", "sv", "zt", "pb"; a region or script suffix is allowed ("pt_BR", "zh-Hant").
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}([_-][A-Za-z0-9]{2,8})?")
ZIP_MAGIC = b"PK\x03\x04"


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
        return Path(env).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data, *parts).expanduser()


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


def _not_a_package(folder: Path) -> str:
    """Why an unpacked folder is no Argos package, in words: what it lacks, or its metadata.json unread."""
    lacking = [
        name
        for name, there in (
            ("metadata.json", (folder / "metadata.json").is_file()),
            ("model/", (folder / "model").is_dir()),
            ("sentencepiece.model", (folder / "sentencepiece.model").is_file()),
        )
        if not there
    ]
    if lacking:
        return f"not an Argos package: it has no {' and no '.join(lacking)}"
    return "not an Argos package: its metadata.json does not read (from_code and to_code are needed)"


def find_packages(dirs: Iterable[Path]) -> list[Package]:
    """Installed packages in these folders; stray folders are skipped, not fatal."""
    found: list[Package] = []
    for d in dirs:
        if not d.is_dir():
            continue
        for sub in sorted(d.iterdir()):
            # Dot folders are newsflow's own work in progress (an install or a removal), never a package.
            pkg = read_package(sub) if sub.is_dir() and not sub.name.startswith(".") else None
            if pkg is not None:
                found.append(pkg)
    return found


def in_use(packages: Iterable[Package]) -> dict[tuple[str, str], Package]:
    """The package each pair is translated with: the newest version wins, the first found on a tie.

    The same choice as ``Translator.route`` makes (``translate.py``), for ``newsflow models list``.
    """
    best: dict[tuple[str, str], Package] = {}
    for p in packages:
        key = (p.from_code, p.to_code)
        if key not in best or version_key(p.version) > version_key(best[key].version):
            best[key] = p
    return best


def is_language_code(code: str) -> bool:
    return LANGUAGE_CODE.fullmatch(code) is not None


def _check_codes(archive: Path, from_code: object, to_code: object) -> None:
    for field, code in (("from_code", from_code), ("to_code", to_code)):
        if code is not None and not (isinstance(code, str) and is_language_code(code)):
            raise TranslateError(
                f"{archive}: metadata.json has {field} {code!r}, which is not a language code "
                "(such as fi, en or pt_BR); nothing was installed"
            )


def _folder_error(dest: Path, e: OSError) -> TranslateError:
    """An OSError on newsflow's models folder, said in words: what is wrong and what to do."""
    variable = "NEWSFLOW_MODELS_DIR"
    if isinstance(e, FileExistsError | NotADirectoryError) or (dest.exists() and not dest.is_dir()):
        return TranslateError(
            f"the models folder {dest} is not a folder (a file is in the way): "
            f"set {variable} to a folder, or move the file away; nothing was installed"
        )
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return TranslateError(
            f"cannot write to the models folder {dest} ({e.strerror}): run as the user who owns it, "
            f"or set {variable} to a folder you can write to; nothing was installed"
        )
    return TranslateError(f"cannot write to the models folder {dest}: {e.strerror or e}; nothing was installed")


def _zip_error(archive: Path, e: Exception) -> TranslateError:
    """A zip that cannot be read, said in words; a copy cut short says so."""
    try:
        with archive.open("rb") as f:
            head = f.read(4)
    except OSError:
        head = b""
    if "not a zip file" in str(e).lower() and (head == ZIP_MAGIC or not head):
        what = "is empty" if not head else "starts as a zip but its end is missing"
        return TranslateError(
            f"{archive}: it {what}: it looks like an incomplete copy (a download or transfer cut short); "
            "copy it again and install the new copy; nothing was installed"
        )
    if "not a zip file" in str(e).lower():
        return TranslateError(f"{archive}: not an Argos package (.argosmodel zip): {e}")
    return TranslateError(
        f"{archive}: the package is damaged ({e}); copy it again (or download it again) and install the new copy; "
        "nothing was installed"
    )


def _damaged_file(message: str) -> str:
    """Which file of a CTranslate2 model folder a load error is about (model.bin unless it names another)."""
    for name in ("config.json", "shared_vocabulary.json", "source_vocabulary.json", "target_vocabulary.json"):
        if name in message:
            return name
    return "config.json" if "json" in message else "model.bin"


# The one way a package's model and tokenizer are opened: to translate (``translate.CTranslate2Engine``) and to
# check a package before it is installed (``check_loads``). Each raises RuntimeError, OSError or ValueError.
LOAD_ERRORS = (RuntimeError, OSError, ValueError)


def load_model(folder: Path, threads: int = 1) -> Any:
    """The package's CTranslate2 model, on the CPU."""
    import ctranslate2

    return ctranslate2.Translator(str(folder / "model"), device="cpu", inter_threads=1, intra_threads=threads)


def load_tokenizer(folder: Path) -> Any:
    """The package's SentencePiece tokenizer."""
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))


def check_loads(folder: Path, archive: Path | None = None) -> None:
    """Load the model and the tokenizer as translating does (``load_model``, ``load_tokenizer``), or say which file
    is damaged.

    ``folder`` is the package folder; the message names the file inside ``archive`` when one is given.
    """
    where = f"{archive}: {folder.name}/" if archive is not None else f"{folder}/"

    def said(e: Exception) -> str:  # without the temporary folder it was unpacked in
        return str(e).replace(str(folder.parent) + os.sep, "") if archive is not None else str(e)

    advice = "the package is damaged or incomplete: copy it again (or download it again); nothing was installed"
    try:
        load_model(folder)
    except LOAD_ERRORS as e:
        raise TranslateError(f"{where}model/{_damaged_file(str(e))} cannot be loaded ({said(e)}): {advice}") from None
    try:
        load_tokenizer(folder)
    except LOAD_ERRORS as e:
        raise TranslateError(f"{where}sentencepiece.model cannot be loaded ({said(e)}): {advice}") from None


def install_package(archive: Path, dest: Path | None = None) -> Package:
    """Unpack an .argosmodel into newsflow's models folder, checking its shape and loading it first.

    Nothing is written outside ``dest``; a package that fails any check leaves ``dest`` as it was. An installed
    version of the same pair and version is replaced only once the new one is in place.
    """
    dest = dest or models_dir()
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile as e:
        raise _zip_error(archive, e) from None
    except OSError as e:
        raise TranslateError(f"{archive}: not an Argos package (.argosmodel zip): {e}") from None
    with zf:
        names = [n for n in zf.namelist() if n.strip("/")]
        tops = {n.split("/", 1)[0] for n in names}
        if len(tops) != 1 or any(".." in n.split("/") or n.startswith("/") for n in names):
            raise TranslateError(f"{archive}: an Argos package holds exactly one top-level folder")
        top = tops.pop()
        if f"{top}/metadata.json" in names:  # the codes become a folder name: check them before writing anything
            try:
                meta = json.loads(zf.read(f"{top}/metadata.json"))
            except (zipfile.BadZipFile, zlib.error, EOFError) as e:
                raise _zip_error(archive, e) from None
            except ValueError:
                meta = None  # said below, as a package without a readable metadata.json
            if isinstance(meta, dict):
                _check_codes(archive, meta.get("from_code"), meta.get("to_code"))
        try:
            dest.mkdir(parents=True, exist_ok=True)
            _clear_leftovers(dest)
            tmp_dir = tempfile.TemporaryDirectory(dir=dest, prefix=f".installing-{os.getpid()}-")
        except OSError as e:
            raise _folder_error(dest, e) from None
        with tmp_dir as tmp:
            try:
                zf.extractall(tmp)
            except (zipfile.BadZipFile, zlib.error, EOFError) as e:
                raise _zip_error(archive, e) from None
            except OSError as e:
                raise _folder_error(dest, e) from None
            pkg = read_package(Path(tmp) / top)
            if pkg is None:
                raise TranslateError(f"{archive}: {_not_a_package(Path(tmp) / top)}")
            _check_codes(archive, pkg.from_code, pkg.to_code)
            version = re.sub(r"[^A-Za-z0-9._-]", "_", pkg.version or "0").strip(".") or "0"
            target = dest / f"{pkg.from_code}_{pkg.to_code}-{version}"
            # The codes and version are checked above; this makes sure of it before anything is moved or removed.
            if Path(os.path.abspath(target)).parent != Path(os.path.abspath(dest)):
                raise TranslateError(
                    f"{archive}: would install outside the models folder {dest}; nothing was installed"
                )
            check_loads(Path(tmp) / top, archive)
            try:
                old = Path(tmp) / ".replaced"
                if target.is_symlink() or target.exists():
                    os.rename(target, old)  # inside dest: the installed version stays whole until replaced
                try:
                    os.rename(Path(tmp) / top, target)
                except OSError:
                    if old.exists() or old.is_symlink():
                        os.rename(old, target)
                    raise
            except OSError as e:
                raise _folder_error(dest, e) from None
    installed = read_package(target)
    assert installed is not None
    return installed


_LEFTOVER = re.compile(r"\.installing-(\d+)-.*|\.removing-.*-(\d+)")


def _clear_leftovers(dest: Path) -> None:
    """Delete what an install or a removal killed halfway (SIGKILL, a power cut) left in ``dest``: a partial copy of a
    model, some hundred MB each, that nothing else would ever delete. Only a process's own, once it has ended: two
    installs at once leave each other's work alone."""
    try:
        subs = list(dest.iterdir())
    except OSError:
        return  # (said by the install itself, if it matters)
    for sub in subs:
        m = _LEFTOVER.fullmatch(sub.name)
        if m is None or not sub.is_dir() or sub.is_symlink():
            continue
        try:
            os.kill(int(m.group(1) or m.group(2)), 0)
        except ProcessLookupError:  # (its process has ended: a leftover)
            shutil.rmtree(sub, ignore_errors=True)
        except (PermissionError, OverflowError, ValueError):  # another user's process, running
            continue


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
    """Delete an installed package folder (only from newsflow's own or a configured folder).

    The folder is first renamed out of the way, so a folder that cannot be changed is left whole (an error that
    says so), never half deleted.
    """
    trash = pkg.path.with_name(f".removing-{pkg.path.name}-{os.getpid()}")
    try:
        os.rename(pkg.path, trash)
    except OSError as e:
        if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise TranslateError(
                f"cannot remove {pkg.path}: the folder {pkg.path.parent} is read-only for this user ({e.strerror}); "
                "run as the user who owns it; nothing was removed"
            ) from None
        raise TranslateError(f"cannot remove {pkg.path}: {e.strerror or e}; nothing was removed") from None
    shutil.rmtree(trash, ignore_errors=True)


# ---------------------------------------------------------------- sentences


def version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v)) or (0,)
