"""The VIG cycle's services: goals, films, micro-analysis, the shared review, the summary and its documents."""
