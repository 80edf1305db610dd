/* kehoach: search folding and task filter (see overrides/) */
