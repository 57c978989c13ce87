"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from redis_server import redis_url, stop_started  # noqa: F401  (redis_url: a fixture for every module)
from tiny_argos import build_tiny_argos_package


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Stop any Redis server a test started and did not stop (an interrupted run),
    by its process: no other Redis on the machine is touched."""
    stop_started()


@pytest.fixture(scope="session")
def tiny_argos_model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny nl→en ``.argosmodel`` built by ``tests/tiny_argos.py`` (once per session)."""
    return build_tiny_argos_package(tmp_path_factory.mktemp("tiny_argos"))


@pytest.fixture
def tiny_argos_packages_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty argos packages directory that argos (and so newsmill) uses for this test.

    argos reads ``ARGOS_PACKAGES_DIR`` once, at import, into its settings
    module; the variables set there are what its install and list code reads,
    so they are pointed at a temporary folder (and the environment variable
    too, for subprocesses). The package index and downloads also go to the
    temporary folder, so no test writes into the user's argos data.
    """
    from argostranslate import settings

    tmp_path = tmp_path_factory.mktemp("argos")  # not the test's tmp_path, whose listing tests check
    packages = tmp_path / "argos-packages"
    packages.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    monkeypatch.setattr(settings, "package_data_dir", packages)
    monkeypatch.setattr(settings, "package_dirs", [packages])
    monkeypatch.setattr(settings, "local_package_index", tmp_path / "argos-index.json")
    monkeypatch.setattr(settings, "downloads_dir", tmp_path / "argos-downloads")
    return packages


@pytest.fixture
def tiny_argos_model(tiny_argos_model_file: Path, tiny_argos_packages_dir: Path):
    """The tiny package installed through argos's own install code; an ``InstalledModel``."""
    from newsmill.translate import install_model_file

    return install_model_file(tiny_argos_model_file)


@pytest.fixture(autouse=True)
def isolated_translation_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, tiny_argos_packages_dir: Path
) -> Path:
    """Every test gets its own translation cache and an empty argos packages
    directory, never the user's: results must not depend on installed models."""
    cache = tmp_path_factory.mktemp("newsmill-cache")
    monkeypatch.setenv("NEWSMILL_CACHE_DIR", str(cache))
    return cache


@pytest.fixture(scope="module")
def scheduler():
    """The address of a two-worker, in-process Dask ``LocalCluster`` (skipped without the dask extra)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address
