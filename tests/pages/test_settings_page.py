from workbench.core.settings import load_settings, settings_path
from workbench.ui import pages

from .helpers import app, no_errors, submit, widget


def test_the_film_length_limit_is_saved(data_root):
    at = app(as_user="max")
    at.switch_page(pages.SETTINGS.path)
    at.run()
    no_errors(at)
    assert widget(at, "number_input", "Longest film accepted (minutes)").value == 30
    widget(at, "number_input", "Longest film accepted (minutes)").set_value(45)
    at = submit(at, "Save settings")
    assert "Settings saved" in at.toast[0].value
    assert load_settings(data_root).max_film_minutes == 45 and settings_path(data_root).exists()


def test_an_unreadable_settings_file_falls_back_to_defaults_and_is_kept(data_root):
    data_root.mkdir(parents=True)
    settings_path(data_root).write_text("{ not json")
    assert load_settings(data_root).max_film_minutes == 30
    assert settings_path(data_root).read_text() == "{ not json"


def test_prompts_are_saved_and_the_change_is_audited(data_root):
    from workbench.trust.audit import entries

    at = app(as_user="max")
    at.switch_page(pages.SETTINGS.path)
    at.run()
    assert not [w for w in at.text_input if "PIN" in w.label]  # each guider sets their own, on My account
    widget(at, "text_area", "Prompts beside each clip, one per line").input("What do you see?\nWhat did you feel?")
    at = submit(at, "Save shared review settings")
    no_errors(at)
    assert load_settings(data_root).prompts == ["What do you see?", "What did you feel?"]
    assert [(e.who, e.what, e.detail) for e in entries()][0] == (
        "max", "settings change", "Prompts for the shared review")
