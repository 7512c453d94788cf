"""The county office's 汇总审核 window: read a batch of reports, review each body, roll up the figures."""
