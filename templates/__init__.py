"""Installed as the package `generator.template_files` (see pyproject.toml), so that a wheel
carries these layouts and generator/templates.py reads them with importlib.resources. This
file makes it a regular package: an editable install cannot import a nested namespace package
mapped from another folder."""
