"""Hook of the browser tests' fixture site: our split search index in place of Material's, no records."""

from kehoach.plugin.search import stand_in_for_material


def on_config(config):
    stand_in_for_material(config)
