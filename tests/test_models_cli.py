"""`newsflow models install/remove/list` with damaged, hostile and misplaced packages: clear messages, no harm.

Packages are the tiny real ones the `packages` fixture builds (tests/tinymodel.py); damaged copies are made
from them here, as a transfer cut short, a flipped byte or a rewritten metadata.json would make them.
"""

from __future__ import annotations

import errno
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from newsflow.cli import cli
from newsflow.packages import Package, find_packages, install_package


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """newsflow's models folder and argostranslate's, both under tmp_path (neither exists yet)."""
    models, argos = tmp_path / "models", tmp_path / "argos"
    monkeypatch.setenv("NEWSFLOW_MODELS_DIR", str(models))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos))
    return models, argos


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, ["models", *args])


def said_clearly(result: Result, code: int) -> str:
    """The output of a command that ended with an `Error:` line (or usage error) and this code, not a traceback."""
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == code, result.output
    return result.output


def rewrite(
    src: Path,
    dst: Path,
    meta: Callable[[dict[str, Any]], None] | None = None,
    files: Callable[[str, bytes], bytes] | None = None,
) -> Path:
    """A copy of a package with its metadata.json edited by ``meta`` and other members by ``files``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if meta is not None and info.filename.endswith("/metadata.json"):
                m = json.loads(data)
                meta(m)
                data = json.dumps(m).encode()
            elif files is not None:
                data = files(info.filename, data)
            zout.writestr(info, data)
    return dst


def version(v: str) -> Callable[[dict[str, Any]], None]:
    return lambda m: m.update(package_version=v)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# ---------------------------------------------------------------- 1. language codes from the package


@pytest.mark.parametrize("from_code", ["../victim", "../../victim", "ABSOLUTE", "fi/..", "f i", ""])
def test_install_refuses_language_codes_that_are_not_codes_and_writes_nothing(packages, folders, tmp_path, from_code):
    models, _ = folders
    victim = tmp_path / "victim_x-1"  # where "../victim" would have been installed (and removed first)
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me")
    if from_code == "ABSOLUTE":
        from_code = str(victim)[: -len("_x-1")]
    evil = rewrite(
        packages["sv_en"],
        tmp_path / "evil.argosmodel",
        meta=lambda m: m.update(from_code=from_code, to_code="x", package_version="1"),
    )
    out = said_clearly(invoke("install", str(evil)), 1)
    assert "not a language code" in out and "nothing was installed" in out
    assert (victim / "precious.txt").read_text() == "keep me"
    assert listing(victim) == ["precious.txt"]
    assert listing(models) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.argosmodel", "victim_x-1"]


def test_install_refuses_a_to_code_that_is_not_a_code(packages, folders, tmp_path):
    models, _ = folders
    evil = rewrite(packages["sv_en"], tmp_path / "evil.argosmodel", meta=lambda m: m.update(to_code="en/../../x"))
    assert "to_code" in said_clearly(invoke("install", str(evil)), 1)
    assert listing(models) == []


def test_install_accepts_argos_codes_and_a_region_suffix(packages, folders, tmp_path):
    models, _ = folders
    for code in ("zt", "pb", "pt_BR", "zh-Hant"):
        pkg = rewrite(packages["sv_en"], tmp_path / f"{code}.argosmodel", meta=lambda m, c=code: m.update(from_code=c))
        result = invoke("install", str(pkg))
        assert result.exit_code == 0, result.output
    assert {p.from_code for p in find_packages([models])} == {"zt", "pb", "pt_BR", "zh-Hant"}


def test_install_package_checks_the_target_lies_inside_the_folder(packages, tmp_path):
    from newsflow.packages import TranslateError

    evil = rewrite(packages["sv_en"], tmp_path / "evil.argosmodel", meta=lambda m: m.update(package_version=".."))
    installed = install_package(evil, tmp_path / "m")  # a version is sanitised, never a way out
    assert installed.path.parent == tmp_path / "m"
    outside = str(tmp_path / "outside")
    evil = rewrite(packages["sv_en"], tmp_path / "evil2.argosmodel", meta=lambda m: m.update(from_code=outside))
    with pytest.raises(TranslateError, match="not a language code"):
        install_package(evil, tmp_path / "m2")
    assert not (tmp_path / "m2").exists()
    assert not (tmp_path / "outside_en-1.0").exists()


# ---------------------------------------------------------------- 2. damaged copies and unusable folders


def test_install_a_zip_with_a_bad_crc_says_it_is_damaged(packages, folders, tmp_path):
    models, _ = folders
    data = bytearray(packages["sv_en"].read_bytes())
    with zipfile.ZipFile(packages["sv_en"]) as z:
        info = next(i for i in z.infolist() if i.filename.endswith("model.bin"))
    assert info.compress_type == zipfile.ZIP_STORED
    data[info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 1000] ^= 0xFF
    crc = tmp_path / "crc.argosmodel"
    crc.write_bytes(bytes(data))
    out = said_clearly(invoke("install", str(crc)), 1)
    assert "damaged" in out and "Bad CRC-32" in out and "copy it again" in out
    assert listing(models) == []


@pytest.mark.parametrize("fraction", [0.5, 0.0])
def test_install_a_copy_cut_short_says_to_copy_it_again(packages, folders, tmp_path, fraction):
    models, _ = folders
    data = packages["sv_en"].read_bytes()
    cut = tmp_path / "cut.argosmodel"
    cut.write_bytes(data[: int(len(data) * fraction)])
    out = said_clearly(invoke("install", str(cut)), 1)
    assert "incomplete copy" in out and "copy it again" in out
    assert listing(models) == []


def test_a_zip_that_lacks_part_of_a_package_says_which_part(folders, tmp_path):
    """Probe (s28): "missing metadata.json, model/ or sentencepiece.model" did not say which."""
    import json
    import zipfile

    models, _ = folders
    partial = tmp_path / "partial.argosmodel"
    with zipfile.ZipFile(partial, "w") as zf:
        zf.writestr("translate-fi_en/metadata.json", json.dumps({"from_code": "fi", "to_code": "en"}))
        zf.writestr("translate-fi_en/model/model.bin", b"x")
    out = said_clearly(invoke("install", str(partial)), 1)
    assert "not an Argos package: it has no sentencepiece.model" in out and "model/" not in out, out
    with zipfile.ZipFile(partial, "w") as zf:
        zf.writestr("translate-fi_en/metadata.json", "{}")
        zf.writestr("translate-fi_en/model/model.bin", b"x")
        zf.writestr("translate-fi_en/sentencepiece.model", b"x")
    out = said_clearly(invoke("install", str(partial)), 1)
    assert "its metadata.json does not read (from_code and to_code are needed)" in out, out
    assert listing(models) == []


def test_a_file_that_is_no_zip_at_all_is_still_not_an_argos_package(folders, tmp_path):
    other = tmp_path / "notes.argosmodel"
    other.write_text("hello")
    out = said_clearly(invoke("install", str(other)), 1)
    assert "not an Argos package" in out and "incomplete" not in out


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make a folder refuse new, renamed and removed entries (as chmod a-w would, even for root)."""

    def make(folder: Path) -> None:
        home = os.path.abspath(folder)

        def inside(path: Any) -> bool:
            return os.path.dirname(os.path.abspath(os.fsdecode(path))) == home

        def refuse(real: Callable[..., Any], paths: int) -> Callable[..., Any]:
            def call(*args: Any, **kwargs: Any) -> Any:
                if kwargs.get("dir_fd") is None and any(inside(p) for p in args[:paths]):
                    raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(args[0]))
                return real(*args, **kwargs)

            return call

        for name, paths in (("mkdir", 1), ("rmdir", 1), ("unlink", 1), ("rename", 2), ("replace", 2)):
            monkeypatch.setattr(os, name, refuse(getattr(os, name), paths))

    return make


def test_install_into_a_read_only_models_folder_says_so(packages, folders, read_only):
    models, _ = folders
    models.mkdir()
    read_only(models)
    out = said_clearly(invoke("install", str(packages["sv_en"])), 1)
    assert f"cannot write to the models folder {models}" in out and "Permission denied" in out
    assert listing(models) == []


def test_remove_from_a_read_only_models_folder_says_so_and_leaves_the_model_whole(packages, folders, read_only):
    models, _ = folders
    install_package(packages["sv_en"], models)
    read_only(models)
    out = said_clearly(invoke("remove", "sv-en"), 1)
    assert "read-only" in out and "nothing was removed" in out
    assert [p.from_code for p in find_packages([models])] == ["sv"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway (covered by read_only)")
def test_a_really_read_only_models_folder(packages, folders):
    models, _ = folders
    install_package(packages["sv_en"], models)
    models.chmod(0o555)
    try:
        assert "cannot write to the models folder" in said_clearly(invoke("install", str(packages["fi_en"])), 1)
        assert "read-only" in said_clearly(invoke("remove", "sv-en"), 1)
    finally:
        models.chmod(0o755)
    assert [p.from_code for p in find_packages([models])] == ["sv"]


@pytest.mark.parametrize("under", [False, True])
def test_a_models_folder_that_is_a_file_says_so(packages, tmp_path, monkeypatch, under):
    a_file = tmp_path / "models"
    a_file.write_text("not a folder")
    monkeypatch.setenv("NEWSFLOW_MODELS_DIR", str(a_file / "sub" if under else a_file))  # NotADirectory / FileExists
    out = said_clearly(invoke("install", str(packages["sv_en"])), 1)
    assert "is not a folder" in out and "NEWSFLOW_MODELS_DIR" in out
    assert a_file.read_text() == "not a folder"


# ---------------------------------------------------------------- 3. the model is loaded before it is installed


def cut_model_bin(name: str, data: bytes) -> bytes:
    return data[: len(data) // 3] if name.endswith("model/model.bin") else data


def garbage_sentencepiece(name: str, data: bytes) -> bytes:
    return b"garbage" * 10 if name.endswith("sentencepiece.model") else data


@pytest.mark.parametrize(
    "damage,file", [(cut_model_bin, "model/model.bin"), (garbage_sentencepiece, "sentencepiece.model")]
)
def test_install_loads_the_model_first_and_refuses_a_damaged_one(packages, folders, tmp_path, damage, file):
    models, _ = folders
    broken = rewrite(packages["sv_en"], tmp_path / "broken.argosmodel", files=damage)
    out = said_clearly(invoke("install", str(broken)), 1)
    assert f"/{file} cannot be loaded" in out and "damaged or incomplete" in out and "Installed" not in out
    assert ".installing-" not in out  # the temporary folder it was unpacked in is not named
    assert listing(models) == []


def test_a_damaged_newer_version_neither_replaces_nor_shadows_the_installed_one(packages, folders, tmp_path):
    models, _ = folders
    assert invoke("install", str(packages["sv_en"])).exit_code == 0
    same = rewrite(packages["sv_en"], tmp_path / "same.argosmodel", files=cut_model_bin)
    newer = rewrite(packages["sv_en"], tmp_path / "newer.argosmodel", meta=version("2.0"), files=cut_model_bin)
    for broken in (same, newer):
        assert "damaged or incomplete" in said_clearly(invoke("install", str(broken)), 1)
    from newsflow.translate import Translator

    translator = Translator(find_packages([models]))
    assert translator.translate_texts(["Det gäller projektet."], "sv", "en")[0] == ["Det gäller the project."]
    assert [p.version for p in find_packages([models])] == ["1.0"]


# ---------------------------------------------------------------- 4. ~ in the folder variables


def test_a_tilde_in_the_folder_variables_means_home(packages, tmp_path, monkeypatch):
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("NEWSFLOW_MODELS_DIR", "~/nf-models")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", "~/argos")
    install_package(packages["en_fi"], home / "argos")
    result = invoke("install", str(packages["sv_en"]))
    assert result.exit_code == 0, result.output
    assert [p.from_code for p in find_packages([home / "nf-models"])] == ["sv"]
    assert listing(cwd) == []
    listed = invoke("list")
    assert str(home / "nf-models") in listed.output and str(home / "argos") in listed.output
    assert "en → fi" in listed.output and "~" not in listed.output


# ---------------------------------------------------------------- 5. models remove


def test_remove_without_a_pair_is_a_usage_error(folders):
    for wrong in ("fi", "fi-en-sv", "../x-en", ""):
        out = said_clearly(invoke("remove", wrong), 2)
        assert "fi-en" in out


def test_remove_takes_a_pair_in_any_case(packages, folders):
    models, _ = folders
    install_package(packages["fi_en"], models)
    result = invoke("remove", "FI-EN")
    assert result.exit_code == 0, result.output
    assert find_packages([models]) == []
    install_package(packages["fi_en"], models)
    assert invoke("remove", "Fi_En").exit_code == 0
    assert find_packages([models]) == []


def test_remove_a_pair_installed_only_in_argostranslates_folder_says_where(packages, folders):
    models, argos = folders
    install_package(packages["sv_en"], argos)
    out = said_clearly(invoke("remove", "sv-en"), 1)
    assert "argostranslate's folder" in out and str(argos) in out and "argospm remove" in out
    assert [p.from_code for p in find_packages([argos])] == ["sv"]


def test_remove_says_when_it_removes_several_versions(packages, folders, tmp_path):
    models, _ = folders
    install_package(packages["sv_en"], models)
    install_package(rewrite(packages["sv_en"], tmp_path / "v2.argosmodel", meta=version("2.0")), models)
    result = invoke("remove", "sv-en")
    assert result.exit_code == 0, result.output
    assert "2 versions of sv → en are installed; removing all of them" in result.output
    assert "tiny sv-en@1.0" in result.output and "tiny sv-en@2.0" in result.output
    assert find_packages([models]) == []
    assert listing(models) == []


# ---------------------------------------------------------------- 6. models list


def test_list_marks_the_version_in_use(packages, folders, tmp_path):
    models, argos = folders
    v1 = install_package(packages["sv_en"], models)
    v2 = install_package(rewrite(packages["sv_en"], tmp_path / "v2.argosmodel", meta=version("2.0")), argos)
    v110 = install_package(rewrite(packages["sv_en"], tmp_path / "v110.argosmodel", meta=version("1.10")), models)
    fi = install_package(packages["fi_en"], models)
    out = invoke("list").output

    def line(pkg: Package) -> str:
        (found,) = [line for line in out.splitlines() if f" {pkg.path}  " in line]
        return found

    assert line(v2).endswith("(in use)") and line(fi).endswith("(in use)")  # the newest, in any folder
    assert line(v1).endswith("(not used: tiny sv-en@2.0 is newer)")
    assert line(v110).endswith("(not used: tiny sv-en@2.0 is newer)")  # 1.10 is older than 2.0, newer than 1.9


@pytest.fixture(autouse=True)
def _no_stray_files(tmp_path: Path) -> Iterator[None]:
    """Nothing a test does leaves a temporary unpacking folder behind in the models folders."""
    yield
    for folder in (tmp_path / "models", tmp_path / "argos", tmp_path / "home" / "nf-models"):
        assert not [p for p in listing(folder) if p.startswith(".")], listing(folder)


def test_an_install_clears_what_a_killed_install_or_removal_left_and_no_running_ones(packages, tmp_path):
    """Probe (s38): `models install` killed halfway (SIGKILL, a power cut) left its partial copy of the model,
    `.installing-…`, in the models folder for ever (some hundred MB a time), as a removal killed while deleting left
    `.removing-…`. The next install deletes those whose process has ended, and leaves a running one's alone."""
    import subprocess
    import sys

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = int(ended.stdout)  # a process that has ended (its id not yet reused, as ids come round slowly)
    dest = tmp_path / "own"
    leftovers = [dest / f".installing-{gone}-abc123", dest / f".removing-fi_en-1.0-{gone}"]
    running = [dest / f".installing-{os.getpid()}-xyz789", dest / f".removing-sv_en-1.0-{os.getpid()}"]
    for folder in leftovers + running:
        (folder / "model").mkdir(parents=True)
        (folder / "model" / "model.bin").write_bytes(b"part of a model")
    installed = install_package(packages["fi_en"], dest)
    assert sorted(p.name for p in dest.iterdir()) == sorted([installed.path.name, *(p.name for p in running)])


def test_status_says_when_a_model_for_a_pending_pair_is_installed_since(folders, packages, demo_archive, tmp_path):
    # (trans probe, s38: after `models install`, status went on saying "no model installed for fi→en … Install a
    # model": the note was written when the releases were archived)
    from conftest import copy_archive

    db = copy_archive(demo_archive, tmp_path / "demo.db")
    status = CliRunner().invoke(cli, ["status", "--db", str(db)])
    assert status.exit_code == 0 and "no model installed for fi→en" in status.output
    assert "installed now" not in status.output and "Install a model" in status.output
    assert invoke("install", str(packages["fi_en"])).exit_code == 0
    status = CliRunner().invoke(cli, ["status", "--db", str(db)])
    fi_line = next(line for line in status.output.splitlines() if "fi→en" in line)
    sv_line = next(line for line in status.output.splitlines() if "sv→en" in line)
    assert "(a model for it is installed now)" in fi_line and "installed now" not in sv_line
    assert "Install a model" in status.output  # (sv→en still waits for one)
    assert invoke("install", str(packages["sv_en"])).exit_code == 0
    status = CliRunner().invoke(cli, ["status", "--db", str(db)])
    assert "Install a model" not in status.output and "`newsflow translate` translates them now" in status.output
