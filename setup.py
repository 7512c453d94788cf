"""Package discovery for setuptools (everything else is in ``pyproject.toml``).

The repository keeps the design card's top-level folders; installed, they live under the single
import package ``nianbao`` so no generic names leak into site-packages. pyproject.toml's
``packages.find`` cannot put a prefix in front of what it finds, so the mapping is here: every
package below ``core/``, ``gui/`` and ``resources/`` (any folder with an ``__init__.py``) is found
automatically and installed as ``nianbao.<folder>.<subpackage>``.
"""

from setuptools import find_packages, setup

#: Import name → folder in the repository.
PACKAGE_DIRS = {"nianbao.core": "core", "nianbao.gui": "gui", "nianbao.resources": "resources"}


def discover() -> list[str]:
    """Every package under the folders of :data:`PACKAGE_DIRS`, by its installed name."""
    packages = []
    for name, folder in PACKAGE_DIRS.items():
        packages.append(name)
        packages += [f"{name}.{sub}" for sub in find_packages(folder, exclude=["*.__pycache__"])]
    return packages


if __name__ == "__main__":  # as setuptools runs it (build_meta and `python setup.py` alike)
    setup(packages=discover(), package_dir=PACKAGE_DIRS)
