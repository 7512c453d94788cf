"""PDF layout helpers for :mod:`nianbao.core.pdf_export` (ReportLab, no Qt)."""
