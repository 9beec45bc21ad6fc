"""adfontes: a source-criticism workbench for historical documents."""

__version__ = "0.1.0"
