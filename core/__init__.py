"""Qt-free core of nianbao: formats, report model, drafts, rules and the CLI."""

__version__ = "0.1.0"
