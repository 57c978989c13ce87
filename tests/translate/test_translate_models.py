"""Model management through argos's package code, including its offline traps."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from newsmill.translate import (
    InvalidModelFile,
    ModelIndexUnavailable,
    ModelNotInstalled,
    find_model,
    install_model_file,
    install_model_for_pair,
    installed_models,
    remove_model,
)

#: Nothing listens on the discard port: connections are refused at once.
UNREACHABLE_INDEX = "http://127.0.0.1:9/index.json"


def test_list_install_remove(tiny_argos_model_file: Path, tiny_argos_packages_dir: Path) -> None:
    assert installed_models() == [] and find_model("nl", "en") is None

    model = install_model_file(tiny_argos_model_file)
    assert (model.name, model.version, model.source, model.target) == ("translate-nl_en", "0.0.1+tiny", "nl", "en")
    assert model.path.parent == tiny_argos_packages_dir and (model.path / "model" / "model.bin").is_file()
    assert [m.path for m in installed_models()] == [model.path]
    assert find_model("nl", "en").path == model.path and find_model("en", "nl") is None

    assert remove_model("nl", "en").path == model.path
    assert installed_models() == [] and not model.path.exists()
    with pytest.raises(ModelNotInstalled, match="newsmill models install"):
        remove_model("nl", "en")


def test_files_that_are_not_packages_are_refused_before_argos_unpacks_them(
    tiny_argos_packages_dir: Path, tmp_path: Path
) -> None:
    not_a_zip = tmp_path / "model.argosmodel"
    not_a_zip.write_text("hello")
    no_metadata = tmp_path / "empty.argosmodel"
    with zipfile.ZipFile(no_metadata, "w") as archive:
        archive.writestr("somefolder/readme.txt", "no metadata here")

    for bad in (not_a_zip, no_metadata, tmp_path / "missing.argosmodel"):
        with pytest.raises(InvalidModelFile):
            install_model_file(bad)
    assert list(tiny_argos_packages_dir.iterdir()) == []


def test_unreachable_index_fails_fast_with_the_file_route(tiny_argos_packages_dir: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(ModelIndexUnavailable) as error:
        install_model_for_pair("nl", "en", index_url=UNREACHABLE_INDEX, timeout=5)
    assert time.perf_counter() - started < 5
    assert "newsmill models install FILE.argosmodel" in str(error.value)
    assert installed_models() == []


def test_install_pair_from_an_index(tiny_argos_model_file: Path, tiny_argos_packages_dir: Path,
                                    tmp_path: Path) -> None:
    """The index route end to end, served from file:// URLs instead of the network."""
    metadata = {"type": "translate", "from_code": "nl", "to_code": "en", "package_version": "0.0.1+tiny",
                "from_name": "Dutch", "to_name": "English", "links": [tiny_argos_model_file.as_uri()]}
    index = tmp_path / "index.json"
    index.write_text(json.dumps([metadata]))

    model = install_model_for_pair("nl", "en", index_url=index.as_uri())
    assert find_model("nl", "en").path == model.path
    with pytest.raises(ModelNotInstalled, match="lists no de→en model"):
        install_model_for_pair("de", "en", index_url=index.as_uri())


@pytest.mark.slow
def test_argos_environment_variables_are_respected_in_a_fresh_process(tmp_path: Path) -> None:
    """argos reads ARGOS_PACKAGES_DIR and ARGOS_PACKAGE_INDEX at import; newsmill follows them."""
    script = (
        "import time\n"
        "from newsmill.translate import packages_dir, install_model_for_pair, ModelIndexUnavailable\n"
        "print(packages_dir())\n"
        "started = time.perf_counter()\n"
        "try:\n"
        "    install_model_for_pair('nl', 'en', timeout=5)\n"
        "except ModelIndexUnavailable as error:\n"
        "    print(round(time.perf_counter() - started, 1), error)\n"
    )
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
        "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
    }
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    directory, outcome = result.stdout.splitlines()
    assert directory == str(tmp_path / "packages")
    seconds, message = outcome.split(" ", 1)
    assert float(seconds) < 5 and "http://127.0.0.1:9/index.json" in message
