"""Translation models: argos packages found, installed and removed with argos's own code.

A model is an installed argos package (``.argosmodel`` unpacked into argos's
packages directory). newsmill lists, installs and removes them through
``argostranslate.package`` so that argos and newsmill always see the same
models, and guards argos's offline traps:

* argos reads its packages directory once, at import, from
  ``ARGOS_PACKAGES_DIR`` (else ``$XDG_DATA_HOME/argos-translate/packages``, or
  ``ARGOS_PACKAGES_DIR`` in ``~/.config/argos-translate/settings.json``); newsmill
  reads ``argostranslate.settings`` at call time, so it follows the same rule;
* ``update_package_index`` swallows network errors and
  ``get_available_packages`` then recurses until ``RecursionError``: newsmill
  fetches the index itself with a timeout, writes it where argos reads it, and
  only then asks argos to parse it;
* argos downloads packages without a timeout and retries four times per link:
  newsmill downloads with a timeout and installs the file through argos.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argostranslate import package as argos_package
from argostranslate import settings as argos_settings

from newsmill.translate.errors import InvalidModelFile, ModelIndexUnavailable, ModelNotInstalled

#: Where users can find package files by hand when newsmill cannot reach the index.
ARGOS_INDEX_PAGE = "https://www.argosopentech.com/argospm/index/"
NETWORK_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class InstalledModel:
    """An installed argos translation package.

    ``name`` is argos's package name (``translate-nl_en``), ``version`` the
    package version, ``source``/``target`` the language codes, ``path`` the
    unpacked package folder and ``package`` argos's own object for it (its
    tokenizer is used to encode and decode).
    """

    name: str
    version: str
    source: str
    target: str
    path: Path
    package: Any

    @classmethod
    def from_argos(cls, pkg: argos_package.Package) -> InstalledModel:
        return cls(
            name=argos_package.argospm_package_name(pkg),
            version=pkg.package_version,
            source=pkg.from_code,
            target=pkg.to_code,
            path=Path(pkg.package_path),
            package=pkg,
        )

    @property
    def cache_key(self) -> str:
        """The model part of a translation cache key: name and version."""
        return f"{self.name} {self.version}"

    def to_json(self) -> dict[str, str]:
        """The ``translation_model`` value written into translated records."""
        return {"name": self.name, "version": self.version, "source": self.source, "target": self.target}


def packages_dir() -> Path:
    """The folder argos installs packages into (honours ``ARGOS_PACKAGES_DIR``)."""
    return Path(argos_settings.package_data_dir)


def installed_models() -> list[InstalledModel]:
    """Every installed argos translation package, in argos's own search order."""
    existing_dirs = [Path(d) for d in argos_settings.package_dirs if Path(d).is_dir()]
    packages = argos_package.get_installed_packages(path=existing_dirs)
    return [InstalledModel.from_argos(pkg) for pkg in packages if pkg.type == "translate"]


def find_model(source: str, target: str) -> InstalledModel | None:
    """The installed package translating ``source`` to ``target`` (argos's first match), or None."""
    return next((m for m in installed_models() if (m.source, m.target) == (source, target)), None)


def require_model(source: str, target: str) -> InstalledModel:
    """Like :func:`find_model`, but raise :class:`ModelNotInstalled` with the install hint."""
    model = find_model(source, target)
    if model is None:
        raise ModelNotInstalled(install_hint(source, target))
    return model


def install_hint(source: str, target: str) -> str:
    """How to install a model for a pair: the one message shown when none is installed."""
    return (
        f"No argos model installed for {source}→{target}. Get the "
        f"translate-{source}_{target} .argosmodel file (listed at {ARGOS_INDEX_PAGE}) and run "
        f"`newsmill models install FILE.argosmodel`, or run `newsmill models install {source} {target}` "
        f"where the network allows. Models go to {packages_dir()} (set ARGOS_PACKAGES_DIR to change)."
    )


def install_model_file(path: Path) -> InstalledModel:
    """Install an ``.argosmodel`` file through argos and return the installed model.

    The archive is checked first (a zip with one top-level folder holding
    ``metadata.json``), because argos would unpack any zip into its packages
    directory.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidModelFile(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise InvalidModelFile(f"{path} is not an argos package (.argosmodel files are zip archives)")
    with zipfile.ZipFile(path) as archive:
        top_folders = {name.split("/", 1)[0] for name in archive.namelist()}
        if len(top_folders) != 1 or f"{next(iter(top_folders))}/metadata.json" not in archive.namelist():
            raise InvalidModelFile(f"{path} is not an argos package: no single folder with a metadata.json")
    argos_package.install_from_path(path)
    return InstalledModel.from_argos(argos_package.Package(packages_dir() / top_folders.pop()))


def remove_model(source: str, target: str) -> InstalledModel:
    """Uninstall the package :func:`find_model` would use for the pair, through argos."""
    model = require_model(source, target)
    argos_package.uninstall(model.package)
    return model


def install_model_for_pair(
    source: str,
    target: str,
    *,
    index_url: str | None = None,
    timeout: float = NETWORK_TIMEOUT_S,
) -> InstalledModel:
    """Download the pair's package listed in argos's package index and install it.

    ``index_url`` defaults to argos's (``ARGOS_PACKAGE_INDEX`` + ``index.json``);
    ``timeout`` bounds each network request in seconds. Raises
    :class:`ModelIndexUnavailable` (with how to install from a file instead)
    when the index or the package cannot be fetched, and
    :class:`ModelNotInstalled` when the index lists no package for the pair.
    """
    index_url = index_url or argos_settings.remote_package_index
    _write_local_index(_fetch(index_url, timeout, what="argos's package index"))
    candidates = [
        p for p in argos_package.get_available_packages() if (p.from_code, p.to_code) == (source, target)
    ]
    if not candidates:
        raise ModelNotInstalled(f"argos's package index ({index_url}) lists no {source}→{target} model.")
    available = candidates[0]
    download = Path(argos_settings.downloads_dir) / f"{argos_package.argospm_package_name(available)}.argosmodel"
    download.parent.mkdir(parents=True, exist_ok=True)
    download.write_bytes(_fetch_first(available.links, timeout, what=f"the {source}→{target} package"))
    try:
        return install_model_file(download)
    finally:
        download.unlink(missing_ok=True)


def _fetch(url: str, timeout: float, *, what: str) -> bytes:
    """GET ``url`` within ``timeout`` seconds or raise :class:`ModelIndexUnavailable`."""
    request = urllib.request.Request(url, headers={"User-Agent": "newsmill"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ModelIndexUnavailable(
            f"Cannot download {what} from {url} ({getattr(error, 'reason', error)}). Without network "
            f"access, get the .argosmodel file elsewhere (links at {ARGOS_INDEX_PAGE}), copy it here "
            "and run `newsmill models install FILE.argosmodel`."
        ) from error


def _fetch_first(urls: list[str], timeout: float, *, what: str) -> bytes:
    """The first of ``urls`` that downloads; the last failure is raised if none does."""
    if not urls:
        raise ModelIndexUnavailable(f"argos's package index gives no download link for {what}.")
    for url in urls[:-1]:
        try:
            return _fetch(url, timeout, what=what)
        except ModelIndexUnavailable:
            continue
    return _fetch(urls[-1], timeout, what=what)


def _write_local_index(data: bytes) -> None:
    """Store a fetched index where argos's ``get_available_packages`` reads it."""
    try:
        json.loads(data)
    except ValueError as error:
        raise ModelIndexUnavailable(f"argos's package index is not valid JSON: {error}") from error
    Path(argos_settings.local_package_index).write_bytes(data)
