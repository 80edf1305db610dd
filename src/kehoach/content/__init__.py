"""The site's content, generator-neutral: the page manifest and views (Markdown), exports,
charts, the search index, history from git."""
